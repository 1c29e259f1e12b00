<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\Plugin;

use ExactSidecar\Connector\Plugin\OrderGridJoin;
use Magento\Framework\App\ResourceConnection;
use Magento\Framework\DB\Adapter\AdapterInterface;
use PHPUnit\Framework\TestCase;

class OrderGridJoinTest extends TestCase
{
    /**
     * A collection double recording the join and the filter map.
     *
     * @return object
     */
    private static function collection(): object
    {
        $select = new class {
            /** @var array<string, mixed> */
            public $from = ['main_table' => []];
            /** @var array<int, array<int, mixed>> */
            public $joins = [];

            /**
             * @param string $part
             * @return mixed
             */
            public function getPart($part)
            {
                return $part === 'from' ? $this->from : [];
            }

            /**
             * @param array<string, string> $name
             * @param string $condition
             * @param array<string, string> $columns
             * @return $this
             */
            public function joinLeft($name, $condition, $columns)
            {
                $this->joins[] = [$name, $condition, $columns];
                $this->from[(string) key($name)] = [];
                return $this;
            }
        };
        return new class ($select) {
            /** @var object */
            public $select;
            /** @var array<string, string> */
            public $map = [];

            /**
             * @param object $select
             */
            public function __construct($select)
            {
                $this->select = $select;
            }

            /**
             * @return object
             */
            public function getSelect()
            {
                return $this->select;
            }

            /**
             * @param string $filter
             * @param string $alias
             * @return $this
             */
            public function addFilterToMap($filter, $alias)
            {
                $this->map[$filter] = $alias;
                return $this;
            }
        };
    }

    public function testJoinsTheExactTableOnceForTheOrderGridOnly(): void
    {
        $plugin = new OrderGridJoin(new ResourceConnection($this->createStub(AdapterInterface::class), 'pfx_'));
        $collection = self::collection();
        $this->assertSame($collection, $plugin->afterGetReport(null, $collection, 'sales_order_grid_data_source'));
        $plugin->afterGetReport(null, $collection, 'sales_order_grid_data_source');
        $this->assertCount(1, $collection->select->joins, 'joined once');
        [$name, $condition, $columns] = $collection->select->joins[0];
        $this->assertSame(['exact_sidecar_order' => 'pfx_exact_sidecar_order'], $name);
        $this->assertSame('exact_sidecar_order.order_id = main_table.entity_id', $condition);
        $this->assertSame('exact_sidecar_order.sync_state', $columns['exact_sync_state']);
        $this->assertSame('exact_sidecar_order.sync_state', $collection->map['exact_sync_state']);

        $other = self::collection();
        $plugin->afterGetReport(null, $other, 'sales_order_invoice_grid_data_source');
        $this->assertSame([], $other->select->joins);
    }
}
