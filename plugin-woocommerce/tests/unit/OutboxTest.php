<?php

namespace ExactSidecar\Tests;

use ExactSidecar\Config;
use ExactSidecar\Delivery\Events;
use ExactSidecar\Delivery\OptionStateStore;
use ExactSidecar\Delivery\Outbox;
use ExactSidecar\Tests\Support\TestCase;

final class OutboxTest extends TestCase
{
    private function outbox(): Outbox
    {
        return new Outbox(new OptionStateStore(), static function (): int {
            return \WpState::$time;
        });
    }

    public function testEnqueueSchedulesOneActionWithStableArgs(): void
    {
        $eventId = $this->outbox()->enqueue(Events::ORDER_UPDATED, '15');
        $pending = \WpState::pending(Config::ACTION_HOOK);
        $this->assertCount(1, $pending);
        $this->assertSame(['type' => 'order.updated', 'id' => '15'], $pending[0]['args']);
        $this->assertSame(Config::ACTION_GROUP, $pending[0]['group']);
        $this->assertSame(\WpState::$time + Outbox::COALESCE_SECONDS, $pending[0]['timestamp']);
        $state = get_option(OptionStateStore::optionName('order.updated', '15'));
        $this->assertSame($eventId, $state['event_id']);
        $this->assertSame('2025-11-21T12:40:00Z', $state['occurred_at']);
        $this->assertSame(0, $state['failures']);
        $this->assertLessThanOrEqual(100, strlen($eventId));
        $this->assertStringStartsWith('wc-order.updated-15-', $eventId);
    }

    public function testNewerEventReplacesThePendingOne(): void
    {
        $outbox = $this->outbox();
        $first = $outbox->enqueue(Events::ORDER_UPDATED, '15');
        \WpState::$time += 3;
        $second = $outbox->enqueue(Events::ORDER_UPDATED, '15');
        $this->assertNotSame($first, $second);
        $pending = \WpState::pending(Config::ACTION_HOOK);
        $this->assertCount(1, $pending, 'coalesced: one pending action per order and event type');
        $this->assertSame(\WpState::$time + Outbox::COALESCE_SECONDS, $pending[0]['timestamp']);
        $this->assertSame($second, get_option(OptionStateStore::optionName('order.updated', '15'))['event_id']);
    }

    public function testNewerEventReplacesAPendingRetry(): void
    {
        $outbox = $this->outbox();
        $outbox->enqueue(Events::ORDER_UPDATED, '15');
        $outbox->reschedule(Events::ORDER_UPDATED, '15', \WpState::$time + 3600);
        $outbox->enqueue(Events::ORDER_UPDATED, '15');
        $pending = \WpState::pending(Config::ACTION_HOOK);
        $this->assertCount(1, $pending);
        $this->assertSame(\WpState::$time + Outbox::COALESCE_SECONDS, $pending[0]['timestamp']);
    }

    public function testDifferentOrdersAndTypesAreNotCoalesced(): void
    {
        $outbox = $this->outbox();
        $outbox->enqueue(Events::ORDER_UPDATED, '15');
        $outbox->enqueue(Events::ORDER_REFUNDED, '15');
        $outbox->enqueue(Events::ORDER_UPDATED, '16');
        $this->assertCount(3, \WpState::pending(Config::ACTION_HOOK));
        $this->assertTrue($outbox->hasPending(Events::ORDER_REFUNDED, '15'));
        $this->assertFalse($outbox->hasPending(Events::ORDER_DELETED, '15'));
    }

    public function testUnknownTypeAndEmptyIdAreRefused(): void
    {
        try {
            $this->outbox()->enqueue('order.exploded', '15');
            $this->fail('unknown type accepted');
        } catch (\InvalidArgumentException $e) {
            $this->assertStringContainsString('order.exploded', $e->getMessage());
        }
        $this->expectException(\InvalidArgumentException::class);
        $this->outbox()->enqueue(Events::ORDER_UPDATED, '');
    }

    public function testUnscheduleAllRemovesEveryPendingDelivery(): void
    {
        $outbox = $this->outbox();
        $outbox->enqueue(Events::ORDER_UPDATED, '15');
        $outbox->enqueue(Events::CUSTOMER_UPDATED, '2');
        Outbox::unscheduleAll();
        $this->assertSame([], \WpState::pending(Config::ACTION_HOOK));
    }

    public function testLongEntityIdsStillGiveEventIdsOfAtMost100Chars(): void
    {
        $id = Events::newId(Events::CUSTOMER_UPDATED, str_repeat('9', 300));
        $this->assertLessThanOrEqual(100, strlen($id));
    }
}
