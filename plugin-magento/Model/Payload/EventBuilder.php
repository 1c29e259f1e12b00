<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Payload;

use ExactSidecar\Connector\Model\Outbox\Recorder;

/**
 * Turns an outbox row into the contract's event envelope
 * {"id", "type", "occurred_at", "entity_id", "data"} with data built now.
 *
 * An order.refunded carries the order plus `creditmemos` (its refunded credit memos, CreditmemoPayload);
 * other order events carry the order alone, on purpose:
 * - the sidecar books refunds only from the newest order.refunded of an order, never from an
 *   order.updated, so memos on order.updated would be read by nobody;
 * - the sidecar reads `creditmemos` whenever a payload has them, and a memo it cannot add up fails the
 *   event; on an order.updated that would hold up the order's own posting for a refund problem;
 * - it spares one credit memo query per order event (orders are saved often, refunded seldom).
 */
class EventBuilder
{
    /** @var OrderPayload */
    private $orderPayload;

    /** @var CustomerPayload */
    private $customerPayload;

    /** @var CreditmemoPayload */
    private $creditmemoPayload;

    /** @var array<string, array<string, mixed>|null> entity data already built in this run */
    private $cache = [];

    /**
     * @param OrderPayload $orderPayload
     * @param CustomerPayload $customerPayload
     * @param CreditmemoPayload $creditmemoPayload
     */
    public function __construct(
        OrderPayload $orderPayload,
        CustomerPayload $customerPayload,
        CreditmemoPayload $creditmemoPayload
    ) {
        $this->orderPayload = $orderPayload;
        $this->customerPayload = $customerPayload;
        $this->creditmemoPayload = $creditmemoPayload;
    }

    /**
     * Forget entity data built earlier (call at the start of each drain run).
     *
     * @return void
     */
    public function reset(): void
    {
        $this->cache = [];
    }

    /**
     * @param array<string, mixed> $row an outbox row
     * @return array<string, mixed>
     * @throws EntityGoneException for a customer that no longer exists (an order becomes order.deleted)
     * @throws \UnexpectedValueException for a row this module cannot turn into an event
     */
    public function build(array $row): array
    {
        $type = (string) $row['event_type'];
        $entityType = (string) $row['entity_type'];
        $entityId = (string) $row['entity_id'];
        if (!ctype_digit($entityId)) {
            throw new \UnexpectedValueException('Outbox row has a non-numeric entity id "' . $entityId . '".');
        }
        $data = null;
        if ($entityType === Recorder::ENTITY_ORDER) {
            if ($type !== Recorder::TYPE_ORDER_DELETED) {
                try {
                    $data = $this->cached('order:' . $entityId, function () use ($entityId): array {
                        return $this->orderPayload->build((int) $entityId);
                    });
                    if ($type === Recorder::TYPE_ORDER_REFUNDED) {
                        $data['creditmemos'] = $this->creditmemos($entityId);
                    }
                } catch (EntityGoneException $e) {
                    $type = Recorder::TYPE_ORDER_DELETED;
                    $data = null;
                }
            }
        } elseif ($entityType === Recorder::ENTITY_CUSTOMER) {
            $data = $this->cached('customer:' . $entityId, function () use ($entityId): array {
                return $this->customerPayload->build((int) $entityId);
            });
        } else {
            throw new \UnexpectedValueException('Outbox row has an unknown entity type "' . $entityType . '".');
        }
        return [
            'id' => (string) $row['idempotency_key'],
            'type' => $type,
            'occurred_at' => gmdate('Y-m-d\TH:i:s\Z', (int) $row['occurred_at']),
            'entity_id' => $entityId,
            'data' => $data,
        ];
    }

    /**
     * @param string $orderId
     * @return array<int, array<string, mixed>>
     */
    private function creditmemos(string $orderId): array
    {
        return $this->cached('creditmemos:' . $orderId, function () use ($orderId): array {
            return $this->creditmemoPayload->build((int) $orderId);
        });
    }

    /**
     * @param string $cacheKey
     * @param callable $build
     * @return array<string, mixed>
     */
    private function cached(string $cacheKey, callable $build): array
    {
        if (!array_key_exists($cacheKey, $this->cache)) {
            $this->cache[$cacheKey] = $build();
        }
        return $this->cache[$cacheKey];
    }
}
