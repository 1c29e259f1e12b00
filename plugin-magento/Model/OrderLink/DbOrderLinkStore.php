<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\OrderLink;

use Magento\Framework\App\ResourceConnection;
use Magento\Framework\DB\Adapter\AdapterInterface;

/**
 * exact_sidecar_order in the sales connection.
 */
class DbOrderLinkStore implements OrderLinkStoreInterface
{
    public const TABLE = 'exact_sidecar_order';

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
    public function get(int $orderId): ?array
    {
        return $this->getMany([$orderId])[$orderId] ?? null;
    }

    /**
     * @inheritDoc
     */
    public function getMany(array $orderIds): array
    {
        $ids = array_values(array_unique(array_map('intval', $orderIds)));
        if ($ids === []) {
            return [];
        }
        $placeholders = implode(',', array_fill(0, count($ids), '?'));
        $rows = $this->connection()->fetchAll(
            'SELECT * FROM ' . $this->table() . ' WHERE order_id IN (' . $placeholders . ')',
            $ids
        );
        $out = [];
        foreach ($rows as $row) {
            $row['order_id'] = (int) $row['order_id'];
            $parsed = \DateTimeImmutable::createFromFormat(
                '!Y-m-d H:i:s',
                (string) $row['updated_at'],
                new \DateTimeZone('UTC')
            );
            $row['updated_at'] = $parsed === false ? null : $parsed->getTimestamp();
            $out[$row['order_id']] = $row;
        }
        return $out;
    }

    /**
     * @inheritDoc
     */
    public function save(int $orderId, array $fields, int $now): void
    {
        $row = ['order_id' => $orderId];
        foreach (self::FIELDS as $field) {
            $row[$field] = $fields[$field] ?? null;
        }
        $row['updated_at'] = gmdate('Y-m-d H:i:s', $now);
        $this->connection()->insertOnDuplicate($this->table(), $row, array_keys($row));
    }

    /**
     * @return AdapterInterface
     */
    private function connection(): AdapterInterface
    {
        return $this->resource->getConnection('sales');
    }

    /**
     * @return string
     */
    private function table(): string
    {
        return $this->resource->getTableName(self::TABLE, 'sales');
    }
}
