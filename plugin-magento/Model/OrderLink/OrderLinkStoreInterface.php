<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\OrderLink;

/**
 * The Exact state of orders (table exact_sidecar_order), written by the pushback route, read by the admin.
 *
 * A record has the keys order_id, sync_state, document_type, document_id, document_number, error_message,
 * resolution, last_sync_key (all strings or null except order_id) and updated_at (Unix seconds).
 */
interface OrderLinkStoreInterface
{
    public const FIELDS = [
        'sync_state',
        'document_type',
        'document_id',
        'document_number',
        'error_message',
        'resolution',
        'last_sync_key',
    ];

    /**
     * @param int $orderId
     * @return array<string, mixed>|null
     */
    public function get(int $orderId): ?array;

    /**
     * Records of several orders, keyed by order id (missing orders are absent).
     *
     * @param int[] $orderIds
     * @return array<int, array<string, mixed>>
     */
    public function getMany(array $orderIds): array;

    /**
     * Insert or replace the record of one order.
     *
     * @param int $orderId
     * @param array<string, string|null> $fields keys from FIELDS
     * @param int $now
     * @return void
     */
    public function save(int $orderId, array $fields, int $now): void;
}
