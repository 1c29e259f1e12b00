<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Outbox;

use ExactSidecar\Connector\Model\Clock\ClockInterface;
use Psr\Log\LoggerInterface;

/**
 * The only thing observers call: write one outbox row, never throw, never do HTTP.
 */
class Recorder
{
    public const TYPE_ORDER_UPDATED = 'order.updated';
    public const TYPE_ORDER_REFUNDED = 'order.refunded';
    public const TYPE_ORDER_DELETED = 'order.deleted';
    public const TYPE_CUSTOMER_UPDATED = 'customer.updated';

    public const ENTITY_ORDER = 'order';
    public const ENTITY_CUSTOMER = 'customer';

    /** @var OutboxStoreInterface */
    private $store;

    /** @var IdempotencyKey */
    private $keys;

    /** @var ClockInterface */
    private $clock;

    /** @var LoggerInterface */
    private $logger;

    /**
     * @param OutboxStoreInterface $store
     * @param IdempotencyKey $keys
     * @param ClockInterface $clock
     * @param LoggerInterface $logger
     */
    public function __construct(
        OutboxStoreInterface $store,
        IdempotencyKey $keys,
        ClockInterface $clock,
        LoggerInterface $logger
    ) {
        $this->store = $store;
        $this->keys = $keys;
        $this->clock = $clock;
        $this->logger = $logger;
    }

    /**
     * Record one event. Returns the idempotency key when a row was written, null for a duplicate or a failure.
     *
     * @param string $eventType one of the TYPE_* constants
     * @param string $entityType one of the ENTITY_* constants
     * @param string $entityId
     * @param int|null $storeId
     * @param string[] $change
     * @return string|null
     */
    public function record(
        string $eventType,
        string $entityType,
        string $entityId,
        ?int $storeId,
        array $change
    ): ?string {
        try {
            if ($entityId === '' || $entityId === '0') {
                $this->logger->warning('exact-sidecar: not recording ' . $eventType . ' without an entity id.');
                return null;
            }
            $key = $this->keys->build($entityType, $entityId, $change);
            $inserted = $this->store->add($key, $eventType, $entityType, $entityId, $storeId, $this->clock->now());
            return $inserted ? $key : null;
        } catch (\Throwable $e) {
            $this->logger->error(
                'exact-sidecar: could not write the outbox row for ' . $eventType . ' ' . $entityType . ' '
                . $entityId . ': ' . $e->getMessage(),
                ['exception' => $e]
            );
            return null;
        }
    }
}
