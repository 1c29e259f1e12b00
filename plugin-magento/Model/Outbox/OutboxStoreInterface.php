<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Outbox;

/**
 * Persistence of the outbox (table exact_sidecar_outbox). Times are Unix seconds (UTC).
 *
 * A row is an array with the keys: outbox_id (int), idempotency_key, event_type, entity_type, entity_id,
 * store_id (int|null), occurred_at (int), status, attempts (int), next_attempt_at (int),
 * last_http_status (int|null), last_error (string|null), created_at (int), updated_at (int),
 * delivered_at (int|null).
 */
interface OutboxStoreInterface
{
    public const STATUS_PENDING = 'pending';
    public const STATUS_DELIVERED = 'delivered';
    public const STATUS_DEAD = 'dead';

    /**
     * Insert a new pending row unless a row with the same idempotency key exists.
     *
     * @param string $idempotencyKey
     * @param string $eventType
     * @param string $entityType
     * @param string $entityId
     * @param int|null $storeId
     * @param int $occurredAt
     * @return bool true when inserted, false for a duplicate key
     */
    public function add(
        string $idempotencyKey,
        string $eventType,
        string $entityType,
        string $entityId,
        ?int $storeId,
        int $occurredAt
    ): bool;

    /**
     * Pending rows whose next_attempt_at is due, oldest first.
     *
     * @param int $now
     * @param int $limit
     * @return array<int, array<string, mixed>>
     */
    public function fetchDue(int $now, int $limit): array;

    /**
     * @param int[] $ids
     * @param int $now
     * @return void
     */
    public function markDelivered(array $ids, int $now): void;

    /**
     * @param int $id
     * @param int $attempts
     * @param int $nextAttemptAt
     * @param int|null $httpStatus
     * @param string $error
     * @param int $now
     * @return void
     */
    public function markRetry(
        int $id,
        int $attempts,
        int $nextAttemptAt,
        ?int $httpStatus,
        string $error,
        int $now
    ): void;

    /**
     * @param int $id
     * @param int $attempts
     * @param int|null $httpStatus
     * @param string $error
     * @param int $now
     * @return void
     */
    public function markDead(int $id, int $attempts, ?int $httpStatus, string $error, int $now): void;

    /**
     * Delete delivered rows delivered before $cutoff; at most $limit rows per call.
     *
     * @param int $cutoff
     * @param int $limit
     * @return int rows deleted
     */
    public function deleteDeliveredBefore(int $cutoff, int $limit): int;

    /**
     * @return array<string, int> status => count, every status present
     */
    public function countByStatus(): array;

    /**
     * Newest rows first, optionally of one status.
     *
     * @param string|null $status
     * @param int $limit
     * @return array<int, array<string, mixed>>
     */
    public function listRows(?string $status, int $limit): array;

    /**
     * Make dead (or, with ids, any non-pending) rows pending again with attempts reset, due now.
     *
     * @param int[] $ids empty = every dead row
     * @param int $now
     * @return int rows requeued
     */
    public function requeue(array $ids, int $now): int;
}
