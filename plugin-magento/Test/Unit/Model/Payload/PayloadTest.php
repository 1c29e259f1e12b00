<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\Model\Payload;

use ExactSidecar\Connector\Model\Json;
use ExactSidecar\Connector\Model\Outbox\Recorder;
use ExactSidecar\Connector\Model\Payload\EntityGoneException;
use ExactSidecar\Connector\Test\Support\FakeTransport;
use ExactSidecar\Connector\Test\Support\Kit;
use Magento\Sales\Api\OrderRepositoryInterface;
use PHPUnit\Framework\TestCase;

/**
 * The event envelope and its data against the Magento fixture (GET /V1/orders/1234).
 */
class PayloadTest extends TestCase
{
    /** @var Kit */
    private $kit;

    protected function setUp(): void
    {
        $this->kit = new Kit();
        $this->kit->orders->put(Kit::fixtureOrder());
    }

    /**
     * @return array<string, mixed>
     */
    private static function fixture(): array
    {
        return json_decode((string) file_get_contents(Kit::fixturePath('order-nl-configurable.json')), true);
    }

    public function testEnvelopeShape(): void
    {
        $this->kit->clock->time = 1763726400;
        $key = $this->kit->recorder->record('order.updated', 'order', '1234', 1, ['created']);
        $row = array_values($this->kit->store->rows)[0];
        $event = $this->kit->eventBuilder->build($row);
        $this->assertSame(['id', 'type', 'occurred_at', 'entity_id', 'data'], array_keys($event));
        $this->assertSame($key, $event['id']);
        $this->assertSame('order:1234:created', $event['id']);
        $this->assertSame('order.updated', $event['type']);
        $this->assertSame('2025-11-21T12:00:00Z', $event['occurred_at']);
        $this->assertSame('1234', $event['entity_id']);
        $this->assertSame(self::fixture(), $event['data']);
        $this->assertSame([[OrderRepositoryInterface::class, 'get']], $this->kit->outputProcessor->calls);
    }

    public function testDataIsBuiltAtDeliveryTimeNotAtEventTime(): void
    {
        $this->kit->recorder->record(Recorder::TYPE_ORDER_UPDATED, Recorder::ENTITY_ORDER, '1234', 1, ['created']);
        $this->kit->orders->orders[1234]->setData('status', 'complete');
        $event = $this->kit->eventBuilder->build(array_values($this->kit->store->rows)[0]);
        $this->assertSame('complete', $event['data']['status']);
    }

    public function testAmountsTravelExactlyAsMagentoGaveThem(): void
    {
        $this->kit->recorder->record(Recorder::TYPE_ORDER_UPDATED, Recorder::ENTITY_ORDER, '1234', 1, ['created']);
        $this->kit->transport->queue[] = FakeTransport::json(
            200,
            ['results' => [['id' => 'order:1234:created', 'status' => 'accepted']]]
        );
        $old = ini_get('serialize_precision');
        ini_set('serialize_precision', '17');
        try {
            $this->kit->drain->run();
        } finally {
            ini_set('serialize_precision', (string) $old);
        }
        $body = $this->kit->transport->requests[0]['body'];
        $needles = [
            '"grand_total":104.96', '"discount_amount":-10.89', '"tax_amount":18.22', '"shipping_incl_tax":6.95',
        ];
        foreach ($needles as $needle) {
            $this->assertStringContainsString($needle, $body);
        }
        $this->assertStringNotContainsString('104.96000000000001', $body);
        $this->assertStringContainsString('"Café', Json::encode(['x' => 'Café']), 'UTF-8 is kept, not escaped');
        $decoded = json_decode($body, true);
        $this->assertEquals(self::fixture(), $decoded['events'][0]['data']);
    }

    public function testFixtureInvariantsTheSidecarReliesOn(): void
    {
        $data = self::fixture();
        $children = array_filter($data['items'], static function (array $item): bool {
            return isset($item['parent_item_id']);
        });
        $this->assertCount(1, $children, 'one configurable child row');
        $this->assertSame(0, array_values($children)[0]['price']);
        $this->assertIsArray($data['billing_address']['street']);
        $this->assertSame('banktransfer', $data['payment']['method']);
        $this->assertSame(
            'tablerate_bestway',
            $data['extension_attributes']['shipping_assignments'][0]['shipping']['method']
        );
    }

    public function testRefundEventCarriesTheOrder(): void
    {
        $this->kit->recorder->record(Recorder::TYPE_ORDER_REFUNDED, 'order', '1234', 1, ['creditmemo', '9', '2']);
        $event = $this->kit->eventBuilder->build(array_values($this->kit->store->rows)[0]);
        $this->assertSame('order.refunded', $event['type']);
        $this->assertSame(1234, $event['data']['entity_id']);
    }

    public function testUnknownEntityTypeIsRefused(): void
    {
        $this->expectException(\UnexpectedValueException::class);
        $this->kit->eventBuilder->build([
            'idempotency_key' => 'x', 'event_type' => 'order.updated', 'entity_type' => 'product',
            'entity_id' => '1', 'occurred_at' => 0,
        ]);
    }

    public function testNonNumericEntityIdIsRefused(): void
    {
        $this->expectException(\UnexpectedValueException::class);
        $this->kit->eventBuilder->build([
            'idempotency_key' => 'x', 'event_type' => 'order.updated', 'entity_type' => 'order',
            'entity_id' => '1 OR 1=1', 'occurred_at' => 0,
        ]);
    }

    public function testMissingCustomerIsEntityGone(): void
    {
        $this->expectException(EntityGoneException::class);
        $this->kit->eventBuilder->build([
            'idempotency_key' => 'x', 'event_type' => 'customer.updated', 'entity_type' => 'customer',
            'entity_id' => '5', 'occurred_at' => 0,
        ]);
    }
}
