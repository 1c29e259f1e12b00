<?php

namespace ExactSidecar\Tests;

use ExactSidecar\Config;
use ExactSidecar\Delivery\OptionStateStore;
use ExactSidecar\Delivery\Outbox;
use ExactSidecar\EventHooks;
use ExactSidecar\Tests\Support\TestCase;

final class EventHooksTest extends TestCase
{
    private const API_USER = 42;

    private function hooks(): EventHooks
    {
        $hooks = new EventHooks(new Outbox(new OptionStateStore()), static function (): int {
            return self::API_USER;
        });
        $hooks->register();
        return $hooks;
    }

    public function testRegistersTheOrderRefundAndCustomerHooks(): void
    {
        $hooks = $this->hooks();
        $this->assertSame(10, has_action('woocommerce_order_status_changed', [$hooks, 'onStatusChanged']));
        $this->assertSame(4, \WpState::$actions['woocommerce_order_status_changed'][0][2], 'all four arguments');
        $this->assertNotFalse(has_action('woocommerce_order_refunded', [$hooks, 'onRefunded']));
        $this->assertNotFalse(has_action('woocommerce_trash_order', [$hooks, 'onDeleted']));
        $this->assertNotFalse(has_action('woocommerce_delete_order', [$hooks, 'onDeleted']));
        $this->assertNotFalse(has_action('woocommerce_created_customer', [$hooks, 'onCustomer']));
        $this->assertNotFalse(has_action('woocommerce_update_customer', [$hooks, 'onCustomer']));
        $this->assertFalse(has_action('woocommerce_new_order'), 'fires before items and totals exist');
    }

    public function testStatusChangeSchedulesAndNeverSends(): void
    {
        $this->configure();
        $this->hooks();
        $order = new \WC_Order(15, 'processing');
        do_action('woocommerce_order_status_changed', 15, 'pending', 'processing', $order);
        $this->assertSame([], \WpState::$httpRequests, 'no HTTP inside a hook');
        $pending = \WpState::pending(Config::ACTION_HOOK);
        $this->assertCount(1, $pending);
        $this->assertSame(['type' => 'order.updated', 'id' => '15'], $pending[0]['args']);
        $this->assertSame(0, $order->saves, 'the hook does not save the order');
    }

    public function testQuickSuccessiveChangesCoalesce(): void
    {
        $this->hooks();
        $order = new \WC_Order(15);
        do_action('woocommerce_order_status_changed', 15, 'pending', 'processing', $order);
        do_action('woocommerce_order_status_changed', 15, 'processing', 'completed', $order);
        do_action('woocommerce_order_refunded', 15, 16);
        do_action('woocommerce_order_refunded', 15, 17);
        $pending = \WpState::pending(Config::ACTION_HOOK);
        $this->assertCount(2, $pending);
        $this->assertSame(
            [['type' => 'order.updated', 'id' => '15'], ['type' => 'order.refunded', 'id' => '15']],
            array_column($pending, 'args')
        );
        $this->assertSame([], \WpState::$httpRequests);
    }

    public function testDeleteRefundDeleteAndCustomerHooksScheduleTheirEventTypes(): void
    {
        $this->hooks();
        do_action('woocommerce_trash_order', 20);
        do_action('woocommerce_refund_deleted', 31, 21);
        do_action('woocommerce_update_customer', 7);
        do_action('woocommerce_untrash_order', 22);
        $this->assertSame(
            [
                ['type' => 'order.deleted', 'id' => '20'],
                ['type' => 'order.refunded', 'id' => '21'],
                ['type' => 'customer.updated', 'id' => '7'],
                ['type' => 'order.updated', 'id' => '22'],
            ],
            array_column(\WpState::pending(Config::ACTION_HOOK), 'args')
        );
        $this->assertSame([], \WpState::$httpRequests);
    }

    public function testChangesMadeByTheSidecarsPushbackAreIgnored(): void
    {
        $this->hooks();
        \WpState::$currentUser = self::API_USER;
        do_action('woocommerce_order_status_changed', 15, 'processing', 'completed', new \WC_Order(15));
        do_action('woocommerce_update_customer', 7);
        $this->assertSame([], \WpState::pending(Config::ACTION_HOOK), 'no loop: the sidecar already knows');

        \WpState::$currentUser = 1;
        do_action('woocommerce_order_status_changed', 15, 'completed', 'processing', new \WC_Order(15));
        $this->assertCount(1, \WpState::pending(Config::ACTION_HOOK), 'an admin change is sent');
    }

    public function testNothingIsQueuedWhileThePluginIsNotSetUp(): void
    {
        $enabled = false;
        $hooks = new EventHooks(new Outbox(new OptionStateStore()), static function (): int {
            return self::API_USER;
        }, static function () use (&$enabled): bool {
            return $enabled;
        });
        $hooks->register();
        do_action('woocommerce_order_status_changed', 15, 'pending', 'processing', new \WC_Order(15));
        $this->assertSame([], \WpState::pending(Config::ACTION_HOOK));
        $enabled = true;
        do_action('woocommerce_order_status_changed', 15, 'pending', 'processing', new \WC_Order(15));
        $this->assertCount(1, \WpState::pending(Config::ACTION_HOOK));
    }

    public function testZeroIdsAndFilteredEventsAreNotScheduled(): void
    {
        $this->hooks();
        do_action('woocommerce_order_status_changed', 0, 'a', 'b', null);
        add_filter('exact_sidecar_should_send', static function (bool $send, string $type): bool {
            return $type !== 'customer.updated';
        }, 10, 2);
        do_action('woocommerce_update_customer', 7);
        $this->assertSame([], \WpState::pending(Config::ACTION_HOOK));
    }

    public function testAFailureToScheduleNeverBreaksTheShop(): void
    {
        $this->hooks();
        add_filter('exact_sidecar_should_send', static function (): bool {
            throw new \RuntimeException('database gone');
        });
        do_action('woocommerce_order_status_changed', 15, 'pending', 'processing', new \WC_Order(15));
        $this->assertSame('error', \WpState::$logs[0][0]);
        $this->assertStringContainsString('database gone', \WpState::$logs[0][1]);
    }
}
