<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\Observer;

use ExactSidecar\Connector\Model\ChangeDetector;
use ExactSidecar\Connector\Model\Config;
use ExactSidecar\Connector\Model\PushbackGuard;
use ExactSidecar\Connector\Observer\AbstractRecordingObserver;
use ExactSidecar\Connector\Observer\CreditmemoSaveObserver;
use ExactSidecar\Connector\Observer\CustomerSaveObserver;
use ExactSidecar\Connector\Observer\InvoiceSaveObserver;
use ExactSidecar\Connector\Observer\OrderSaveObserver;
use ExactSidecar\Connector\Test\Support\FakeCreditmemo;
use ExactSidecar\Connector\Test\Support\FakeCustomer;
use ExactSidecar\Connector\Test\Support\FakeInvoice;
use ExactSidecar\Connector\Test\Support\FakeOrder;
use ExactSidecar\Connector\Test\Support\Kit;
use Magento\Framework\Event;
use Magento\Framework\Event\Observer;
use PHPUnit\Framework\TestCase;

class ObserversTest extends TestCase
{
    /** @var Kit */
    private $kit;

    /** @var PushbackGuard */
    private $guard;

    protected function setUp(): void
    {
        $this->kit = new Kit();
        $this->guard = new PushbackGuard();
    }

    /**
     * @param string $class
     * @return AbstractRecordingObserver
     */
    private function observer(string $class): AbstractRecordingObserver
    {
        return new $class(
            $this->kit->config,
            $this->guard,
            $this->kit->recorder,
            new ChangeDetector(),
            $this->kit->clock,
            $this->kit->logger
        );
    }

    /**
     * @param array<string, mixed> $data
     * @return Observer
     */
    private static function event(array $data): Observer
    {
        return new Observer(['event' => new Event($data)]);
    }

    /**
     * @return array<string, mixed>
     */
    private static function loadedOrder(): array
    {
        return [
            'entity_id' => 15, 'store_id' => 1, 'state' => 'new', 'status' => 'pending',
            'base_total_due' => '104.9600', 'updated_at' => '2026-11-20 09:14:03',
        ];
    }

    public function testNewOrderWritesOneRow(): void
    {
        $order = new FakeOrder(self::loadedOrder(), null);
        $observer = $this->observer(OrderSaveObserver::class);
        $observer->execute(self::event(['order' => $order]));
        $observer->execute(self::event(['order' => $order]));
        $rows = array_values($this->kit->store->rows);
        $this->assertCount(1, $rows, 'two saves of one new order in one request give one row');
        $this->assertSame('order:15:created', $rows[0]['idempotency_key']);
        $this->assertSame('order.updated', $rows[0]['event_type']);
        $this->assertSame('order', $rows[0]['entity_type']);
        $this->assertSame('15', $rows[0]['entity_id']);
        $this->assertSame(1, $rows[0]['store_id']);
        $this->assertSame('pending', $rows[0]['status']);
    }

    public function testStatusChangeWritesARowWithStateStatusAndTime(): void
    {
        $orig = self::loadedOrder();
        $order = new FakeOrder(
            ['state' => 'processing', 'status' => 'processing', 'updated_at' => '2026-11-20 10:00:00'] + $orig,
            $orig
        );
        $this->observer(OrderSaveObserver::class)->execute(self::event(['order' => $order]));
        $rows = array_values($this->kit->store->rows);
        $this->assertCount(1, $rows);
        $this->assertSame(
            'order:15:status:processing:processing:2026-11-20-10-00-00',
            $rows[0]['idempotency_key']
        );
    }

    public function testPaidTransitionIsNamed(): void
    {
        $orig = self::loadedOrder();
        $order = new FakeOrder(['base_total_due' => '0.0000', 'updated_at' => '2026-11-20 11:00:00'] + $orig, $orig);
        $this->observer(OrderSaveObserver::class)->execute(self::event(['order' => $order]));
        $rows = array_values($this->kit->store->rows);
        $this->assertCount(1, $rows);
        $this->assertSame('order:15:paid:2026-11-20-11-00-00', $rows[0]['idempotency_key']);
    }

    public function testSaveWithoutRelevantChangeWritesNothing(): void
    {
        $orig = self::loadedOrder();
        $order = new FakeOrder(['customer_note' => 'ring twice'] + $orig, $orig);
        $this->observer(OrderSaveObserver::class)->execute(self::event(['order' => $order]));
        $this->assertSame([], $this->kit->store->rows);
    }

    public function testStatusCycleAcrossRequestsIsSentAgain(): void
    {
        $orig = self::loadedOrder();
        $observer = $this->observer(OrderSaveObserver::class);
        $first = ['status' => 'holded', 'state' => 'holded', 'updated_at' => '2026-11-20 10:00:00'];
        $observer->execute(self::event(['order' => new FakeOrder($first + $orig, $orig)]));
        $back = ['updated_at' => '2026-11-20 10:05:00'];
        $observer->execute(self::event(['order' => new FakeOrder($back + $orig, $first + $orig)]));
        $this->assertCount(2, $this->kit->store->rows);
    }

    public function testDisabledModuleRecordsNothing(): void
    {
        $this->kit->scopeConfig->values[Config::XML_PATH_ENABLED] = '0';
        $order = new FakeOrder(self::loadedOrder());
        $this->observer(OrderSaveObserver::class)->execute(self::event(['order' => $order]));
        $this->assertSame([], $this->kit->store->rows);
    }

    public function testPushbackSavesAreNotSentBack(): void
    {
        $observer = $this->observer(OrderSaveObserver::class);
        $order = new FakeOrder(self::loadedOrder());
        $this->guard->run(function () use ($observer, $order): void {
            $observer->execute(self::event(['order' => $order]));
        });
        $this->assertSame([], $this->kit->store->rows);
        $this->assertFalse($this->guard->isActive());
        $observer->execute(self::event(['order' => $order]));
        $this->assertCount(1, $this->kit->store->rows, 'after the pushback the guard is off again');
    }

    public function testObserverNeverThrowsWhenTheOutboxFails(): void
    {
        $this->kit->store->failWith = new \RuntimeException('SQLSTATE[HY000]: 2006 MySQL server has gone away');
        $order = new FakeOrder(self::loadedOrder());
        $this->observer(OrderSaveObserver::class)->execute(self::event(['order' => $order]));
        $errors = $this->kit->logger->messages('error');
        $this->assertCount(1, $errors);
        $this->assertStringContainsString('gone away', $errors[0]);
        $this->assertStringContainsString('order 15', $errors[0]);
    }

    public function testObserverNeverThrowsOnBrokenEntity(): void
    {
        $broken = new class (self::loadedOrder()) extends FakeOrder {
            /**
             * @return mixed
             */
            public function getEntityId()
            {
                throw new \LogicException('boom');
            }
        };
        $this->observer(OrderSaveObserver::class)->execute(self::event(['order' => $broken]));
        $this->assertSame([], $this->kit->store->rows);
        $this->assertCount(1, $this->kit->logger->messages('error'));
    }

    public function testObserverIgnoresEventsWithoutTheEntity(): void
    {
        $this->observer(OrderSaveObserver::class)->execute(self::event(['order' => null]));
        $this->observer(InvoiceSaveObserver::class)->execute(self::event([]));
        $this->observer(CustomerSaveObserver::class)->execute(self::event(['customer_data_object' => 'x']));
        $this->assertSame([], $this->kit->store->rows);
        $this->assertSame([], $this->kit->logger->records);
    }

    public function testNewAndPaidInvoicesAreOrderUpdates(): void
    {
        $observer = $this->observer(InvoiceSaveObserver::class);
        $new = new FakeInvoice(['entity_id' => 7, 'order_id' => 15, 'store_id' => 1, 'state' => 1], null);
        $observer->execute(self::event(['invoice' => $new]));
        $paid = new FakeInvoice(
            ['entity_id' => 7, 'order_id' => 15, 'store_id' => 1, 'state' => 2],
            ['entity_id' => 7, 'state' => 1]
        );
        $observer->execute(self::event(['invoice' => $paid]));
        $observer->execute(self::event(['invoice' => $paid]));
        $unchanged = new FakeInvoice(
            ['entity_id' => 7, 'order_id' => 15, 'state' => 2],
            ['entity_id' => 7, 'state' => 2]
        );
        $observer->execute(self::event(['invoice' => $unchanged]));
        $keys = array_column(array_values($this->kit->store->rows), 'idempotency_key');
        $this->assertSame(['order:15:invoice:7:created', 'order:15:invoice:7:paid'], $keys);
        $types = array_values(array_unique(array_column($this->kit->store->rows, 'event_type')));
        $this->assertSame(['order.updated'], $types);
    }

    public function testCreditmemoIsOrderRefunded(): void
    {
        $memo = new FakeCreditmemo(['entity_id' => 9, 'order_id' => 15, 'store_id' => 1, 'state' => 2], null);
        $this->observer(CreditmemoSaveObserver::class)->execute(self::event(['creditmemo' => $memo]));
        $rows = array_values($this->kit->store->rows);
        $this->assertCount(1, $rows);
        $this->assertSame('order.refunded', $rows[0]['event_type']);
        $this->assertSame('15', $rows[0]['entity_id']);
        $this->assertSame('order:15:creditmemo:9:2', $rows[0]['idempotency_key']);
    }

    public function testCustomerSaveIsCustomerUpdated(): void
    {
        $customer = new FakeCustomer(['id' => 56, 'store_id' => 1, 'updated_at' => '2026-11-20 08:00:00']);
        $this->observer(CustomerSaveObserver::class)->execute(self::event([
            'customer_data_object' => $customer,
            'orig_customer_data_object' => null,
        ]));
        $rows = array_values($this->kit->store->rows);
        $this->assertCount(1, $rows);
        $this->assertSame('customer.updated', $rows[0]['event_type']);
        $this->assertSame('customer', $rows[0]['entity_type']);
        $this->assertSame('customer:56:saved:2026-11-20-08-00-00', $rows[0]['idempotency_key']);
    }

    public function testLongKeysAreHashedBelowTheContractLimit(): void
    {
        $orig = self::loadedOrder();
        $order = new FakeOrder(['status' => str_repeat('very_long_custom_status_', 6)] + $orig, $orig);
        $this->observer(OrderSaveObserver::class)->execute(self::event(['order' => $order]));
        $rows = array_values($this->kit->store->rows);
        $this->assertCount(1, $rows);
        $this->assertLessThanOrEqual(100, strlen($rows[0]['idempotency_key']));
        $this->assertStringStartsWith('order:15:h:', $rows[0]['idempotency_key']);
    }
}
