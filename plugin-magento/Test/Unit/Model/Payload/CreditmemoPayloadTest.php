<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\Model\Payload;

use ExactSidecar\Connector\Model\Outbox\Recorder;
use ExactSidecar\Connector\Model\Payload\CreditmemoPayload;
use ExactSidecar\Connector\Test\Support\FakeCreditmemoSearchResult;
use ExactSidecar\Connector\Test\Support\FakeTransport;
use ExactSidecar\Connector\Test\Support\Kit;
use Magento\Framework\Api\SearchCriteriaBuilder;
use Magento\Framework\Api\SearchCriteriaInterface;
use Magento\Framework\Webapi\ServiceOutputProcessor;
use Magento\Sales\Api\CreditmemoRepositoryInterface;
use Magento\Sales\Api\OrderRepositoryInterface;
use PHPUnit\Framework\TestCase;

/**
 * order.refunded carries the order's refunded credit memos under `creditmemos`, each as
 * GET /V1/creditmemos/{id} returns it, for the sidecar's refunds flow (sidecar/shops/magento/creditmemos.py).
 */
class CreditmemoPayloadTest extends TestCase
{
    /**
     * What the sidecar reads of a memo (sidecar/shops/magento/creditmemos.py and items.py Amounts.of_item):
     * each name is a getter of Magento's CreditmemoInterface, CreditmemoItemInterface or
     * CreditmemoCommentInterface, so the REST output holds it under that snake_case key.
     */
    private const MEMO_KEYS = [
        'entity_id', 'increment_id', 'order_id', 'state', 'created_at', 'grand_total', 'tax_amount',
        'shipping_amount', 'shipping_tax_amount', 'shipping_incl_tax',
        'adjustment_positive', 'adjustment_negative', 'adjustment', 'items', 'comments',
    ];
    private const ITEM_KEYS = [
        'entity_id', 'order_item_id', 'sku', 'name', 'qty', 'row_total', 'row_total_incl_tax', 'tax_amount',
        'discount_amount', 'discount_tax_compensation_amount',
    ];

    /** @var Kit */
    private $kit;

    protected function setUp(): void
    {
        $this->kit = new Kit();
        $this->kit->orders->put(Kit::fixtureOrder());
    }

    /**
     * @return array<string, mixed> item 0 of the fixture GET /V1/creditmemos result (memo 77 of order 1234)
     */
    private static function fixtureMemo(): array
    {
        $list = json_decode((string) file_get_contents(Kit::fixturePath('creditmemos-order-1234.json')), true);
        return $list['items'][0];
    }

    /**
     * @param string $type
     * @param string $orderId
     * @return array<string, mixed> the event built for a freshly recorded row
     */
    private function event(string $type, string $orderId = '1234'): array
    {
        $parts = ['test', (string) count($this->kit->store->rows)];
        $this->kit->recorder->record($type, Recorder::ENTITY_ORDER, $orderId, 1, $parts);
        $rows = array_values($this->kit->store->rows);
        return $this->kit->eventBuilder->build($rows[count($rows) - 1]);
    }

    public function testRefundCarriesTheRefundedMemosByEntityIdWithoutTheCancelledOne(): void
    {
        // Stored out of order; 78 was cancelled; 90 belongs to another order.
        $this->kit->creditmemos->put(Kit::fixtureCreditmemo(['entity_id' => 79, 'increment_id' => '000000079']));
        $this->kit->creditmemos->put(Kit::fixtureCreditmemo(['entity_id' => 78, 'state' => 3]));
        $this->kit->creditmemos->put(Kit::fixtureCreditmemo());
        $this->kit->creditmemos->put(Kit::fixtureCreditmemo(['entity_id' => 90, 'order_id' => 555]));

        $event = $this->event(Recorder::TYPE_ORDER_REFUNDED);

        $this->assertSame('order.refunded', $event['type']);
        $this->assertSame(1234, $event['data']['entity_id'], 'the order is still the data');
        $this->assertSame('000001234', $event['data']['increment_id']);
        $this->assertSame([77, 79], array_column($event['data']['creditmemos'], 'entity_id'));
        $this->assertSame(self::fixtureMemo(), $event['data']['creditmemos'][0]);
        $this->assertSame(
            [
                [OrderRepositoryInterface::class, 'get'],
                [CreditmemoRepositoryInterface::class, 'get'],
                [CreditmemoRepositoryInterface::class, 'get'],
            ],
            $this->kit->outputProcessor->calls,
            'each memo is the REST output of CreditmemoRepositoryInterface::get'
        );
        // One query through the service contract: order_id = 1234 AND state = refunded.
        $this->assertCount(1, $this->kit->creditmemos->searches);
        $this->assertSame(
            [['order_id', 1234, 'eq'], ['state', CreditmemoPayload::STATE_REFUNDED, 'eq']],
            self::filters($this->kit->creditmemos->searches[0])
        );
    }

    public function testMemosAreCheckedAgainEvenWhenTheRepositoryIgnoresTheFilters(): void
    {
        // A third-party plugin on getList() that drops the filters must not make the sidecar credit a
        // cancelled or open memo, or another order's.
        $all = [
            Kit::fixtureCreditmemo(['entity_id' => 80, 'state' => 1]),
            Kit::fixtureCreditmemo(['entity_id' => 79]),
            Kit::fixtureCreditmemo(['entity_id' => 78, 'state' => 3]),
            Kit::fixtureCreditmemo(['entity_id' => 90, 'order_id' => 555]),
            Kit::fixtureCreditmemo(),
        ];
        $repository = $this->createMock(CreditmemoRepositoryInterface::class);
        $repository->method('getList')->willReturnCallback(
            static function (SearchCriteriaInterface $criteria) use ($all): FakeCreditmemoSearchResult {
                return new FakeCreditmemoSearchResult($all, $criteria);
            }
        );
        $payload = new CreditmemoPayload($repository, new SearchCriteriaBuilder(), new ServiceOutputProcessor());
        $this->assertSame([77, 79], array_column($payload->build(1234), 'entity_id'));
    }

    public function testRefundWithoutMemosCarriesAnEmptyList(): void
    {
        $this->kit->creditmemos->put(Kit::fixtureCreditmemo(['state' => 3]));
        $event = $this->event(Recorder::TYPE_ORDER_REFUNDED);
        $this->assertArrayHasKey('creditmemos', $event['data']);
        $this->assertSame([], $event['data']['creditmemos']);

        $this->kit->transport->queue[] = FakeTransport::json(
            200,
            ['results' => [['id' => $event['id'], 'status' => 'accepted']]]
        );
        $this->kit->drain->run();
        $this->assertStringContainsString('"creditmemos":[]', $this->kit->transport->requests[0]['body']);
    }

    public function testOrderUpdatedCarriesNoMemosEvenInTheSameRunAsARefund(): void
    {
        $this->kit->creditmemos->put(Kit::fixtureCreditmemo());
        $updated = $this->event(Recorder::TYPE_ORDER_UPDATED);
        $refunded = $this->event(Recorder::TYPE_ORDER_REFUNDED);
        $updatedAgain = $this->event(Recorder::TYPE_ORDER_UPDATED);
        $this->assertArrayNotHasKey('creditmemos', $updated['data']);
        $this->assertArrayNotHasKey('creditmemos', $updatedAgain['data'], 'the cached order is not changed');
        $this->assertSame([77], array_column($refunded['data']['creditmemos'], 'entity_id'));
        $this->assertCount(1, $this->kit->creditmemos->searches);
    }

    public function testDeliveredMemoHoldsWhatTheSidecarReadsWithMagentosAmounts(): void
    {
        $this->kit->creditmemos->put(Kit::fixtureCreditmemo());
        $this->kit->recorder->record(
            Recorder::TYPE_ORDER_REFUNDED,
            Recorder::ENTITY_ORDER,
            '1234',
            1,
            ['creditmemo', '77', '2']
        );
        $this->kit->transport->queue[] = FakeTransport::json(
            200,
            ['results' => [['id' => 'order:1234:creditmemo:77:2', 'status' => 'accepted']]]
        );
        $old = ini_get('serialize_precision');
        ini_set('serialize_precision', '17');
        try {
            $result = $this->kit->drain->run();
        } finally {
            ini_set('serialize_precision', (string) $old);
        }
        $this->assertSame(1, $result->delivered);
        $body = $this->kit->transport->requests[0]['body'];
        foreach (['"grand_total":26.73', '"shipping_incl_tax":6.95', '"adjustment_negative":2.0'] as $needle) {
            $this->assertStringContainsString($needle, $body);
        }
        $memo = json_decode($body, true)['events'][0]['data']['creditmemos'][0];
        $this->assertEquals(self::fixtureMemo(), $memo);
        foreach (self::MEMO_KEYS as $key) {
            $this->assertArrayHasKey($key, $memo, "memo key $key");
        }
        foreach ($memo['items'] as $item) {
            foreach (self::ITEM_KEYS as $key) {
                $this->assertArrayHasKey($key, $item, "memo item key $key");
            }
        }
        $this->assertSame(1234, $memo['order_id']);
        $this->assertNotSame('', $memo['comments'][0]['comment']);
    }

    public function testAFailingMemoQueryIsRetriedNotDropped(): void
    {
        $this->kit->creditmemos->failWith = new \RuntimeException('SQLSTATE[HY000]: General error: 2006');
        $this->kit->recorder->record(Recorder::TYPE_ORDER_REFUNDED, Recorder::ENTITY_ORDER, '1234', 1, ['c']);
        $result = $this->kit->drain->run();
        $this->assertSame(1, $result->retry);
        $this->assertSame(0, $result->dead);
        $this->assertSame([], $this->kit->transport->requests, 'no refund is sent without its memos');
        $row = $this->kit->store->withStatus('pending')[0];
        $this->assertStringContainsString('General error: 2006', $row['last_error']);
    }

    public function testAMemoThatIsNotAnObjectInRestIsDead(): void
    {
        $this->kit->creditmemos->put(Kit::fixtureCreditmemo());
        $processor = new class extends ServiceOutputProcessor {
            public function process($data, $serviceClassName, $serviceMethodName)
            {
                return $serviceClassName === CreditmemoRepositoryInterface::class ? 'oops' : parent::process(
                    $data,
                    $serviceClassName,
                    $serviceMethodName
                );
            }
        };
        $payload = new CreditmemoPayload($this->kit->creditmemos, new SearchCriteriaBuilder(), $processor);
        $this->expectException(\UnexpectedValueException::class);
        $this->expectExceptionMessage('credit memo 77 of order 1234');
        $payload->build(1234);
    }

    /**
     * @param SearchCriteriaInterface $criteria
     * @return array<int, array{0: mixed, 1: mixed, 2: mixed}> [field, value, condition] per filter group
     */
    private static function filters(SearchCriteriaInterface $criteria): array
    {
        $out = [];
        foreach ($criteria->getFilterGroups() as $group) {
            foreach ($group->getFilters() as $filter) {
                $out[] = [$filter->getField(), $filter->getValue(), $filter->getConditionType()];
            }
        }
        return $out;
    }
}
