<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use ExactSidecar\Connector\Model\Outbox\OutboxStoreInterface;

/**
 * The outbox in an array, with the same semantics as DbOutboxStore's SQL (unique key, due order, GC).
 * Used by the unit tests and by Test/e2e/deliver.php.
 */
class MemoryOutboxStore implements OutboxStoreInterface
{
    /** @var array<int, array<string, mixed>> */
    public $rows = [];

    /** @var int */
    private $nextId = 1;

    /** @var \Throwable|null thrown by add() when set */
    public $failWith;

    /**
     * @inheritDoc
     */
    public function add(
        string $idempotencyKey,
        string $eventType,
        string $entityType,
        string $entityId,
        ?int $storeId,
        int $occurredAt
    ): bool {
        if ($this->failWith !== null) {
            throw $this->failWith;
        }
        foreach ($this->rows as $row) {
            if ($row['idempotency_key'] === $idempotencyKey) {
                return false;
            }
        }
        $id = $this->nextId++;
        $this->rows[$id] = [
            'outbox_id' => $id,
            'idempotency_key' => $idempotencyKey,
            'event_type' => $eventType,
            'entity_type' => $entityType,
            'entity_id' => $entityId,
            'store_id' => $storeId,
            'occurred_at' => $occurredAt,
            'status' => self::STATUS_PENDING,
            'attempts' => 0,
            'next_attempt_at' => $occurredAt,
            'last_http_status' => null,
            'last_error' => null,
            'created_at' => $occurredAt,
            'updated_at' => $occurredAt,
            'delivered_at' => null,
        ];
        return true;
    }

    /**
     * @inheritDoc
     */
    public function fetchDue(int $now, int $limit): array
    {
        $due = array_filter($this->rows, static function (array $row) use ($now): bool {
            return $row['status'] === self::STATUS_PENDING && $row['next_attempt_at'] <= $now;
        });
        usort($due, static function (array $a, array $b): int {
            return [$a['next_attempt_at'], $a['outbox_id']] <=> [$b['next_attempt_at'], $b['outbox_id']];
        });
        return array_slice($due, 0, max(1, $limit));
    }

    /**
     * @inheritDoc
     */
    public function markDelivered(array $ids, int $now): void
    {
        foreach ($ids as $id) {
            $this->rows[$id]['status'] = self::STATUS_DELIVERED;
            $this->rows[$id]['delivered_at'] = $now;
            $this->rows[$id]['updated_at'] = $now;
            $this->rows[$id]['last_error'] = null;
        }
    }

    /**
     * @inheritDoc
     */
    public function markRetry(
        int $id,
        int $attempts,
        int $nextAttemptAt,
        ?int $httpStatus,
        string $error,
        int $now
    ): void {
        $this->rows[$id] = [
            'status' => self::STATUS_PENDING,
            'attempts' => $attempts,
            'next_attempt_at' => $nextAttemptAt,
            'last_http_status' => $httpStatus,
            'last_error' => $error,
            'updated_at' => $now,
        ] + $this->rows[$id];
    }

    /**
     * @inheritDoc
     */
    public function markDead(int $id, int $attempts, ?int $httpStatus, string $error, int $now): void
    {
        $this->rows[$id] = [
            'status' => self::STATUS_DEAD,
            'attempts' => $attempts,
            'last_http_status' => $httpStatus,
            'last_error' => $error,
            'updated_at' => $now,
        ] + $this->rows[$id];
    }

    /**
     * @inheritDoc
     */
    public function deleteDeliveredBefore(int $cutoff, int $limit): int
    {
        $deleted = 0;
        foreach ($this->rows as $id => $row) {
            if ($deleted >= $limit) {
                break;
            }
            if ($row['status'] === self::STATUS_DELIVERED && $row['delivered_at'] < $cutoff) {
                unset($this->rows[$id]);
                $deleted++;
            }
        }
        return $deleted;
    }

    /**
     * @inheritDoc
     */
    public function countByStatus(): array
    {
        $counts = [self::STATUS_PENDING => 0, self::STATUS_DELIVERED => 0, self::STATUS_DEAD => 0];
        foreach ($this->rows as $row) {
            $counts[$row['status']]++;
        }
        return $counts;
    }

    /**
     * @inheritDoc
     */
    public function listRows(?string $status, int $limit): array
    {
        $rows = array_values(array_filter($this->rows, static function (array $row) use ($status): bool {
            return $status === null || $row['status'] === $status;
        }));
        usort($rows, static function (array $a, array $b): int {
            return $b['outbox_id'] <=> $a['outbox_id'];
        });
        return array_slice($rows, 0, $limit);
    }

    /**
     * @inheritDoc
     */
    public function requeue(array $ids, int $now): int
    {
        $count = 0;
        foreach ($this->rows as $id => $row) {
            $match = $ids === []
                ? $row['status'] === self::STATUS_DEAD
                : in_array($id, $ids, true) && $row['status'] !== self::STATUS_PENDING;
            if ($match) {
                $this->rows[$id] = [
                    'status' => self::STATUS_PENDING,
                    'attempts' => 0,
                    'next_attempt_at' => $now,
                    'updated_at' => $now,
                ] + $row;
                $count++;
            }
        }
        return $count;
    }

    /**
     * @param string $status
     * @return array<int, array<string, mixed>>
     */
    public function withStatus(string $status): array
    {
        return array_values(array_filter($this->rows, static function (array $row) use ($status): bool {
            return $row['status'] === $status;
        }));
    }
}
