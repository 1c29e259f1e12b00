<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Outbox;

use Magento\Framework\App\ResourceConnection;
use Magento\Framework\DB\Adapter\AdapterInterface;

/**
 * The outbox in MySQL/MariaDB (table exact_sidecar_outbox from etc/db_schema.xml). Dates are stored in UTC.
 */
class DbOutboxStore implements OutboxStoreInterface
{
    public const TABLE = 'exact_sidecar_outbox';

    /** @var ResourceConnection */
    private $resource;

    /**
     * @param ResourceConnection $resource
     */
    public function __construct(ResourceConnection $resource)
    {
        $this->resource = $resource;
    }

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
        $now = self::toDate($occurredAt);
        $statement = $this->connection()->query(
            'INSERT IGNORE INTO ' . $this->table() . ' (idempotency_key, event_type, entity_type, entity_id,'
            . ' store_id, occurred_at, status, attempts, next_attempt_at, created_at, updated_at)'
            . ' VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)',
            [
                $idempotencyKey, $eventType, $entityType, $entityId, $storeId,
                $now, self::STATUS_PENDING, $now, $now, $now,
            ]
        );
        return $statement->rowCount() > 0;
    }

    /**
     * @inheritDoc
     */
    public function fetchDue(int $now, int $limit): array
    {
        $rows = $this->connection()->fetchAll(
            'SELECT * FROM ' . $this->table() . ' WHERE status = ? AND next_attempt_at <= ?'
            . ' ORDER BY next_attempt_at ASC, outbox_id ASC LIMIT ' . max(1, $limit),
            [self::STATUS_PENDING, self::toDate($now)]
        );
        return array_map([$this, 'hydrate'], $rows);
    }

    /**
     * @inheritDoc
     */
    public function markDelivered(array $ids, int $now): void
    {
        if ($ids === []) {
            return;
        }
        $date = self::toDate($now);
        $this->connection()->update(
            $this->table(),
            [
                'status' => self::STATUS_DELIVERED,
                'delivered_at' => $date,
                'updated_at' => $date,
                'last_error' => null,
            ],
            ['outbox_id IN (?)' => array_map('intval', $ids)]
        );
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
        $this->connection()->update(
            $this->table(),
            [
                'status' => self::STATUS_PENDING,
                'attempts' => $attempts,
                'next_attempt_at' => self::toDate($nextAttemptAt),
                'last_http_status' => $httpStatus,
                'last_error' => $error,
                'updated_at' => self::toDate($now),
            ],
            ['outbox_id = ?' => $id]
        );
    }

    /**
     * @inheritDoc
     */
    public function markDead(int $id, int $attempts, ?int $httpStatus, string $error, int $now): void
    {
        $this->connection()->update(
            $this->table(),
            [
                'status' => self::STATUS_DEAD,
                'attempts' => $attempts,
                'last_http_status' => $httpStatus,
                'last_error' => $error,
                'updated_at' => self::toDate($now),
            ],
            ['outbox_id = ?' => $id]
        );
    }

    /**
     * @inheritDoc
     */
    public function deleteDeliveredBefore(int $cutoff, int $limit): int
    {
        $statement = $this->connection()->query(
            'DELETE FROM ' . $this->table() . ' WHERE status = ? AND delivered_at < ? LIMIT ' . max(1, $limit),
            [self::STATUS_DELIVERED, self::toDate($cutoff)]
        );
        return $statement->rowCount();
    }

    /**
     * @inheritDoc
     */
    public function countByStatus(): array
    {
        $counts = [self::STATUS_PENDING => 0, self::STATUS_DELIVERED => 0, self::STATUS_DEAD => 0];
        $pairs = $this->connection()->fetchPairs(
            'SELECT status, COUNT(*) FROM ' . $this->table() . ' GROUP BY status'
        );
        foreach ($pairs as $status => $count) {
            $counts[(string) $status] = (int) $count;
        }
        return $counts;
    }

    /**
     * @inheritDoc
     */
    public function listRows(?string $status, int $limit): array
    {
        $sql = 'SELECT * FROM ' . $this->table();
        $bind = [];
        if ($status !== null) {
            $sql .= ' WHERE status = ?';
            $bind[] = $status;
        }
        $sql .= ' ORDER BY outbox_id DESC LIMIT ' . max(1, $limit);
        return array_map([$this, 'hydrate'], $this->connection()->fetchAll($sql, $bind));
    }

    /**
     * @inheritDoc
     */
    public function requeue(array $ids, int $now): int
    {
        $where = $ids === []
            ? ['status = ?' => self::STATUS_DEAD]
            : ['outbox_id IN (?)' => array_map('intval', $ids), 'status <> ?' => self::STATUS_PENDING];
        $date = self::toDate($now);
        return (int) $this->connection()->update(
            $this->table(),
            [
                'status' => self::STATUS_PENDING,
                'attempts' => 0,
                'next_attempt_at' => $date,
                'updated_at' => $date,
            ],
            $where
        );
    }

    /**
     * @param array<string, mixed> $row
     * @return array<string, mixed>
     */
    private function hydrate(array $row): array
    {
        foreach (['outbox_id', 'attempts'] as $int) {
            $row[$int] = (int) $row[$int];
        }
        foreach (['store_id', 'last_http_status'] as $nullableInt) {
            $row[$nullableInt] = isset($row[$nullableInt]) ? (int) $row[$nullableInt] : null;
        }
        foreach (['occurred_at', 'next_attempt_at', 'created_at', 'updated_at', 'delivered_at'] as $date) {
            $row[$date] = isset($row[$date]) ? self::fromDate((string) $row[$date]) : null;
        }
        return $row;
    }

    /**
     * @param int $timestamp
     * @return string
     */
    public static function toDate(int $timestamp): string
    {
        return gmdate('Y-m-d H:i:s', $timestamp);
    }

    /**
     * @param string $date "Y-m-d H:i:s" in UTC
     * @return int
     */
    public static function fromDate(string $date): int
    {
        $parsed = \DateTimeImmutable::createFromFormat('!Y-m-d H:i:s', $date, new \DateTimeZone('UTC'));
        if ($parsed === false) {
            throw new \UnexpectedValueException('Unreadable date "' . $date . '" in the outbox table.');
        }
        return $parsed->getTimestamp();
    }

    /**
     * @return AdapterInterface
     */
    private function connection(): AdapterInterface
    {
        return $this->resource->getConnection();
    }

    /**
     * @return string
     */
    private function table(): string
    {
        return $this->resource->getTableName(self::TABLE);
    }
}
