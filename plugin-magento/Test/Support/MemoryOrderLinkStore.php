<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use ExactSidecar\Connector\Model\OrderLink\OrderLinkStoreInterface;

/**
 * exact_sidecar_order in an array.
 */
class MemoryOrderLinkStore implements OrderLinkStoreInterface
{
    /** @var array<int, array<string, mixed>> */
    public $records = [];

    /** @var int */
    public $saves = 0;

    /**
     * @inheritDoc
     */
    public function get(int $orderId): ?array
    {
        return $this->records[$orderId] ?? null;
    }

    /**
     * @inheritDoc
     */
    public function getMany(array $orderIds): array
    {
        $out = [];
        foreach ($orderIds as $id) {
            if (isset($this->records[(int) $id])) {
                $out[(int) $id] = $this->records[(int) $id];
            }
        }
        return $out;
    }

    /**
     * @inheritDoc
     */
    public function save(int $orderId, array $fields, int $now): void
    {
        $record = ['order_id' => $orderId];
        foreach (self::FIELDS as $field) {
            $record[$field] = $fields[$field] ?? null;
        }
        $record['updated_at'] = $now;
        $this->records[$orderId] = $record;
        $this->saves++;
    }
}
