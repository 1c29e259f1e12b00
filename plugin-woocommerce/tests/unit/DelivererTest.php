<?php

namespace ExactSidecar\Tests;

use ExactSidecar\Config;
use ExactSidecar\Delivery\Backoff;
use ExactSidecar\Delivery\DeadLetters;
use ExactSidecar\Delivery\Deliverer;
use ExactSidecar\Delivery\DeliveryResult;
use ExactSidecar\Delivery\EntityGoneException;
use ExactSidecar\Delivery\Events;
use ExactSidecar\Delivery\OrderObserver;
use ExactSidecar\Delivery\Outbox;
use ExactSidecar\Delivery\PayloadSource;
use ExactSidecar\Delivery\StaticPayloadSource;
use ExactSidecar\Http\SidecarClient;
use ExactSidecar\Tests\Support\FakeTransport;
use ExactSidecar\Tests\Support\Fixtures;
use ExactSidecar\Tests\Support\MemoryStateStore;
use ExactSidecar\Tests\Support\TestCase;

final class DelivererTest extends TestCase
{
    /** @var FakeTransport */
    private $transport;
    /** @var MemoryStateStore */
    private $store;
    /** @var Outbox */
    private $outbox;

    protected function setUp(): void
    {
        parent::setUp();
        $this->transport = new FakeTransport();
        $this->store = new MemoryStateStore();
        $this->outbox = new Outbox($this->store, [$this, 'now']);
    }

    /**
     * Action Scheduler marks the action in progress before running it: it is no longer pending.
     */
    private function startPendingActions(): void
    {
        foreach (\WpState::pending(Config::ACTION_HOOK) as $action) {
            \WpState::$scheduled[$action['id']]['status'] = 'in-progress';
        }
    }

    public function now(): int
    {
        return \WpState::$time;
    }

    /**
     * @param mixed $data
     */
    private function deliverer($data = null, ?PayloadSource $source = null): Deliverer
    {
        $client = new SidecarClient($this->configure(), $this->transport, [$this, 'now']);
        return new Deliverer(
            $client,
            $source ?? new StaticPayloadSource($data ?? ['id' => 15, 'status' => 'processing']),
            $this->store,
            $this->outbox,
            new OrderObserver([$this, 'now']),
            [$this, 'now']
        );
    }

    public function testAcceptedEventIsDeliveredSignedAndForgotten(): void
    {
        $order = Fixtures::json('order-nl-two-rates-coupon-fee-refund.json', false);
        $eventId = $this->outbox->enqueue(Events::ORDER_UPDATED, '15');
        $this->startPendingActions();
        $this->transport->answer(202, ['status' => 'accepted', 'event_id' => $eventId]);

        $result = $this->deliverer($order)->deliver(Events::ORDER_UPDATED, '15');

        $this->assertSame(DeliveryResult::DELIVERED, $result->outcome);
        $this->assertSame(202, $result->status);
        $this->assertCount(1, $this->transport->requests);
        $request = $this->transport->requests[0];
        $this->assertSame('POST', $request['method']);
        $this->assertSame(self::URL . '/api/v1/events', $request['url']);
        $this->assertSame('application/json', $request['headers']['Content-Type']);
        $this->assertSame(self::SHOP, $request['headers']['X-Sidecar-Shop']);
        $this->assertSame((string) \WpState::$time, $request['headers']['X-Sidecar-Timestamp']);
        self::assertSignedBy(self::SECRET, $request);
        $sent = json_decode($request['body'], true);
        $this->assertSame(['id', 'type', 'occurred_at', 'entity_id', 'data'], array_keys($sent));
        $this->assertSame($eventId, $sent['id']);
        $this->assertSame('order.updated', $sent['type']);
        $this->assertSame('15', $sent['entity_id']);
        $this->assertSame('49.23', $sent['data']['total'], 'money stays a string, exactly as WooCommerce gave it');
        $this->assertSame(18.577982, $sent['data']['line_items'][1]['price']);
        $this->assertNull($this->store->get(Events::ORDER_UPDATED, '15'));
        $this->assertSame([], \WpState::pending(Config::ACTION_HOOK), 'no retry scheduled');
    }

    public function testDuplicateAnswerCountsAsDelivered(): void
    {
        $this->transport->answer(200, ['status' => 'duplicate', 'event_id' => 'x']);
        $result = $this->deliverer()->deliver(Events::ORDER_UPDATED, '15');
        $this->assertSame(DeliveryResult::DELIVERED, $result->outcome);
        $this->assertSame('duplicate', $result->message);
    }

    /**
     * @return array<string,array{0:int}>
     */
    public function deadStatuses(): array
    {
        return ['400' => [400], '413' => [413], '415' => [415]];
    }

    /**
     * @dataProvider deadStatuses
     */
    public function testInvalidTooLargeOrNotJsonIsDeadAtOnce(int $status): void
    {
        $order = new \WC_Order(15);
        \WpState::$orders[15] = $order;
        $eventId = $this->outbox->enqueue(Events::ORDER_UPDATED, '15');
        $this->startPendingActions();
        $this->transport->answer($status, ['error' => ['code' => 'bad', 'message' => 'data.total is missing']]);

        $result = $this->deliverer()->deliver(Events::ORDER_UPDATED, '15');

        $this->assertSame(DeliveryResult::DEAD, $result->outcome);
        $this->assertSame($status, $result->status);
        $this->assertCount(1, $this->transport->requests, 'not retried');
        $this->assertSame([], \WpState::pending(Config::ACTION_HOOK));
        $dead = DeadLetters::all();
        $this->assertCount(1, $dead);
        $this->assertSame($eventId, $dead[0]['event_id']);
        $this->assertStringContainsString('data.total is missing', $dead[0]['message']);
        $meta = $order->savedMeta[OrderObserver::META];
        $this->assertSame('dead', $meta['state']);
        $this->assertStringContainsString('data.total is missing', $meta['message']);
        $this->assertCount(1, $order->notes);
        $this->assertStringContainsString('data.total is missing', $order->notes[0]);
    }

    /**
     * @return array<string,array{0:int}>
     */
    public function retryStatuses(): array
    {
        return ['401' => [401], '404' => [404], '409' => [409], '429' => [429], '500' => [500], '503' => [503]];
    }

    /**
     * @dataProvider retryStatuses
     */
    public function testOtherAnswersAreRetriedWithTheSameEventId(int $status): void
    {
        $eventId = $this->outbox->enqueue(Events::ORDER_UPDATED, '15');
        $this->startPendingActions();
        $this->transport->answer($status, ['error' => ['code' => 'x', 'message' => 'not now']]);

        $result = $this->deliverer()->deliver(Events::ORDER_UPDATED, '15');

        $this->assertSame(DeliveryResult::RETRY, $result->outcome);
        $this->assertSame(\WpState::$time + 60, $result->nextAttemptAt);
        $pending = \WpState::pending(Config::ACTION_HOOK, ['type' => 'order.updated', 'id' => '15']);
        $this->assertCount(1, $pending);
        $this->assertSame(\WpState::$time + 60, $pending[0]['timestamp']);
        $state = $this->store->get(Events::ORDER_UPDATED, '15');
        $this->assertSame($eventId, $state['event_id']);
        $this->assertSame(1, $state['failures']);
        $this->assertSame([], DeadLetters::all());
    }

    public function testRetryAfterHeaderIsHonoured(): void
    {
        $error = ['error' => ['code' => 'slow', 'message' => 'slow down']];
        $this->transport->answer(429, $error, ['Retry-After' => '600']);
        $result = $this->deliverer()->deliver(Events::ORDER_UPDATED, '15');
        $this->assertSame(\WpState::$time + 600, $result->nextAttemptAt);
    }

    public function testSidecarDownForHoursLosesNothingAndKeepsOneEventId(): void
    {
        $order = new \WC_Order(15);
        \WpState::$orders[15] = $order;
        $eventId = $this->outbox->enqueue(Events::ORDER_UPDATED, '15');
        $deliverer = $this->deliverer();
        $start = \WpState::$time;
        $attempts = 0;
        // Down for ten hours: connection refused every time.
        while (\WpState::$time < $start + 10 * 3600) {
            $this->transport->fail('cURL error 7: Failed to connect');
            $result = $deliverer->deliver(Events::ORDER_UPDATED, '15');
            $attempts++;
            $this->assertSame(DeliveryResult::RETRY, $result->outcome);
            $pending = \WpState::pending(Config::ACTION_HOOK);
            $this->assertNotEmpty($pending);
            $next = end($pending);
            $this->startPendingActions();
            \WpState::$time = $next['timestamp'];
        }
        $this->transport->answer(202, ['status' => 'accepted']);
        $result = $deliverer->deliver(Events::ORDER_UPDATED, '15');
        $this->assertSame(DeliveryResult::DELIVERED, $result->outcome);
        $this->assertSame(15, $attempts, '7 attempts in the first 63 minutes (backoff), then one an hour');
        $ids = array_unique(array_map(static function (array $r): string {
            return json_decode($r['body'], true)['id'];
        }, $this->transport->requests));
        $this->assertSame([$eventId], array_values($ids), 'every attempt carries the same event id');
        $meta = $order->savedMeta[OrderObserver::META];
        $this->assertSame('delivered', $meta['state'], 'the earlier failure is cleared');
        $this->assertSame([], DeadLetters::all());
    }

    public function testGivesUpAfterTwentyFourHoursAndKeepsADeadLetter(): void
    {
        $this->outbox->enqueue(Events::ORDER_UPDATED, '15');
        $deliverer = $this->deliverer();
        $outcomes = [];
        for ($i = 0; $i < 40; $i++) {
            $this->transport->answer(503, ['error' => ['code' => 'storage_down', 'message' => 'database is down']]);
            $result = $deliverer->deliver(Events::ORDER_UPDATED, '15');
            $outcomes[] = $result->outcome;
            if ($result->outcome !== DeliveryResult::RETRY) {
                break;
            }
            \WpState::$time = $result->nextAttemptAt;
        }
        $this->assertSame(DeliveryResult::DEAD, end($outcomes));
        $this->assertCount(count(Backoff::schedule()) + 1, $outcomes);
        $dead = DeadLetters::all();
        $this->assertCount(1, $dead);
        $this->assertStringContainsString('24 hours', $dead[0]['message']);
        $this->assertStringContainsString('database is down', $dead[0]['message']);
    }

    public function testANewerEventDuringAFailedAttemptIsNotOverwritten(): void
    {
        $this->outbox->enqueue(Events::ORDER_UPDATED, '15');
        $source = new class ($this->outbox) implements PayloadSource {
            /** @var Outbox */
            private $outbox;
            /** @var string */
            public $newer = '';

            public function __construct(Outbox $outbox)
            {
                $this->outbox = $outbox;
            }

            public function build(string $type, string $entityId)
            {
                // The order changes again while this attempt is running.
                $this->newer = $this->outbox->enqueue($type, $entityId);
                return ['id' => 15];
            }
        };
        $this->transport->answer(500, '');
        $this->deliverer(null, $source)->deliver(Events::ORDER_UPDATED, '15');
        $this->assertSame($source->newer, $this->store->get(Events::ORDER_UPDATED, '15')['event_id']);
        $this->assertCount(1, \WpState::pending(Config::ACTION_HOOK), 'only the newer event is pending');
    }

    public function testOrderThatNoLongerExistsIsSkippedWithoutSending(): void
    {
        $source = new class implements PayloadSource {
            public function build(string $type, string $entityId)
            {
                throw new EntityGoneException('Order 15 no longer exists.');
            }
        };
        $this->outbox->enqueue(Events::ORDER_UPDATED, '15');
        $result = $this->deliverer(null, $source)->deliver(Events::ORDER_UPDATED, '15');
        $this->assertSame(DeliveryResult::SKIPPED, $result->outcome);
        $this->assertSame([], $this->transport->requests);
        $this->assertNull($this->store->get(Events::ORDER_UPDATED, '15'));
    }

    public function testPayloadErrorIsRetriedNotLost(): void
    {
        $source = new class implements PayloadSource {
            public function build(string $type, string $entityId)
            {
                throw new \RuntimeException('WooCommerce REST answered 500');
            }
        };
        $result = $this->deliverer(null, $source)->deliver(Events::ORDER_UPDATED, '15');
        $this->assertSame(DeliveryResult::RETRY, $result->outcome);
        $this->assertStringContainsString('answered 500', $result->message);
        $this->assertSame([], $this->transport->requests);
    }

    public function testMissingConfigurationIsRetriedNotLost(): void
    {
        $client = new SidecarClient(new Config('', '', ''), $this->transport, [$this, 'now']);
        $source = new StaticPayloadSource([]);
        $deliverer = new Deliverer($client, $source, $this->store, $this->outbox, null, [$this, 'now']);
        $result = $deliverer->deliver(Events::ORDER_UPDATED, '15');
        $this->assertSame(DeliveryResult::RETRY, $result->outcome);
        $this->assertStringContainsString('sidecar URL is not set', $result->message);
    }

    public function testDeletedOrderIsSentWithNullData(): void
    {
        $this->transport->answer(202, ['status' => 'accepted']);
        $this->deliverer(['id' => 15])->deliver(Events::ORDER_DELETED, '15');
        $sent = json_decode($this->transport->requests[0]['body'], true);
        $this->assertSame('order.deleted', $sent['type']);
        $this->assertArrayHasKey('data', $sent);
        $this->assertNull($sent['data']);
    }

    public function testActionSchedulerCallbackArgumentsAreAccepted(): void
    {
        $this->transport->answer(202, ['status' => 'accepted']);
        $this->transport->answer(202, ['status' => 'accepted']);
        $deliverer = $this->deliverer();
        $deliverer->handleAction('order.updated', '15');
        $deliverer->handleAction(['type' => 'customer.updated', 'id' => '2']);
        $this->assertSame('order.updated', json_decode($this->transport->requests[0]['body'], true)['type']);
        $this->assertSame('2', json_decode($this->transport->requests[1]['body'], true)['entity_id']);
    }

    public function testSecretNeverReachesTheLog(): void
    {
        $this->transport->fail('could not connect with ' . self::SECRET);
        $this->deliverer()->deliver(Events::ORDER_UPDATED, '15');
        $this->assertNotEmpty(\WpState::$logs);
        foreach (\WpState::$logs as [$level, $message]) {
            $this->assertStringNotContainsString(self::SECRET, $message);
        }
    }
}
