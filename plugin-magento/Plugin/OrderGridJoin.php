<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Plugin;

use ExactSidecar\Connector\Model\OrderLink\DbOrderLinkStore;
use Magento\Framework\App\ResourceConnection;

/**
 * Adds exact_sync_state and exact_document_number to the sales order grid collection
 * (after CollectionFactory::getReport for sales_order_grid_data_source), filterable by their aliases.
 */
class OrderGridJoin
{
    public const DATA_SOURCE = 'sales_order_grid_data_source';
    public const ALIAS = 'exact_sidecar_order';

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
     * @param object $subject Magento\Framework\View\Element\UiComponent\DataProvider\CollectionFactory
     * @param object $collection the grid collection
     * @param string $requestName
     * @return object the same collection
     */
    public function afterGetReport($subject, $collection, $requestName)
    {
        if ($requestName !== self::DATA_SOURCE || !method_exists($collection, 'getSelect')) {
            return $collection;
        }
        $select = $collection->getSelect();
        $from = $select->getPart('from');
        if (isset($from[self::ALIAS])) {
            return $collection;
        }
        $select->joinLeft(
            [self::ALIAS => $this->resource->getTableName(DbOrderLinkStore::TABLE, 'sales')],
            self::ALIAS . '.order_id = main_table.entity_id',
            [
                'exact_sync_state' => self::ALIAS . '.sync_state',
                'exact_document_number' => self::ALIAS . '.document_number',
            ]
        );
        if (method_exists($collection, 'addFilterToMap')) {
            $collection->addFilterToMap('exact_sync_state', self::ALIAS . '.sync_state');
            $collection->addFilterToMap('exact_document_number', self::ALIAS . '.document_number');
        }
        return $collection;
    }
}
