<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\Plugin;

use ExactSidecar\Connector\Model\OrderLink\OrderLinkStoreInterface;
use ExactSidecar\Connector\Plugin\OrderSyncStateAttribute;
use ExactSidecar\Connector\Test\Support\FakeOrder;
use ExactSidecar\Connector\Test\Support\FakeOrderRepository;
use ExactSidecar\Connector\Test\Support\MemoryOrderLinkStore;
use ExactSidecar\Connector\Test\Support\RecordingLogger;
use Magento\Sales\Api\Data\OrderExtensionFactory;
use Magento\Sales\Api\Data\OrderSearchResultInterface;
use PHPUnit\Framework\TestCase;

class OrderSyncStateAttributeTest extends TestCase
{
    /** @var MemoryOrderLinkStore */
    private $store;

    /** @var RecordingLogger */
    private $logger;

    protected function setUp(): void
    {
        $this->store = new MemoryOrderLinkStore();
        $this->logger = new RecordingLogger();
    }

    private function plugin(?OrderLinkStoreInterface $store = null): OrderSyncStateAttribute
    {
        return new OrderSyncStateAttribute($store ?? $this->store, new OrderExtensionFactory(), $this->logger);
    }

    private static function order(int $id): FakeOrder
    {
        return new FakeOrder(['entity_id' => $id, 'increment_id' => (string) (100000 + $id)]);
    }

    public function testAPostedOrderCarriesItsDocumentInTheExtensionAttribute(): void
    {
        $record = ['sync_state' => 'posted', 'document_type' => 'sales_invoice', 'document_number' => '26700042'];
        $this->store->save(7, $record, 1);
        $order = $this->plugin()->afterGet(new FakeOrderRepository(), self::order(7));
        $state = $order->getExtensionAttributes()->getExactSidecarSync();
        $this->assertSame(
            ['posted', 'sales_invoice', '26700042'],
            [$state->getSyncState(), $state->getDocumentType(), $state->getDocumentNumber()]
        );
    }

    public function testAnOrderWithoutARecordIsLeftAlone(): void
    {
        $order = $this->plugin()->afterGet(new FakeOrderRepository(), self::order(8));
        $this->assertNull($order->getExtensionAttributes());
    }

    public function testAListIsFilledWithOneQuery(): void
    {
        $posted = ['sync_state' => 'posted', 'document_type' => 'sales_order', 'document_number' => '12'];
        $this->store->save(1, $posted, 1);
        $this->store->save(3, ['sync_state' => 'failed'], 1);
        $counting = new class ($this->store) extends MemoryOrderLinkStore {
            /** @var int */
            public $queries = 0;

            /** @var MemoryOrderLinkStore */
            private $inner;

            public function __construct(MemoryOrderLinkStore $inner)
            {
                $this->inner = $inner;
            }

            public function getMany(array $orderIds): array
            {
                $this->queries++;
                return $this->inner->getMany($orderIds);
            }
        };
        $orders = [self::order(1), self::order(2), self::order(3)];
        $result = new class ($orders) implements OrderSearchResultInterface {
            /** @var FakeOrder[] */
            private $items;

            /** @param FakeOrder[] $items */
            public function __construct(array $items)
            {
                $this->items = $items;
            }

            public function getItems()
            {
                return $this->items;
            }
        };
        $this->plugin($counting)->afterGetList(new FakeOrderRepository(), $result);
        $this->assertSame(1, $counting->queries);
        $this->assertSame('12', $orders[0]->getExtensionAttributes()->getExactSidecarSync()->getDocumentNumber());
        $this->assertNull($orders[1]->getExtensionAttributes());
        $this->assertSame('failed', $orders[2]->getExtensionAttributes()->getExactSidecarSync()->getSyncState());
    }

    public function testABrokenTableNeverBreaksLoadingTheOrder(): void
    {
        $broken = new class extends MemoryOrderLinkStore {
            public function getMany(array $orderIds): array
            {
                throw new \RuntimeException('table exact_sidecar_order does not exist');
            }
        };
        $order = $this->plugin($broken)->afterGet(new FakeOrderRepository(), self::order(9));
        $this->assertNull($order->getExtensionAttributes());
        $this->assertCount(1, $this->logger->messages('warning'));
    }
}
