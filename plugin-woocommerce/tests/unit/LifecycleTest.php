<?php

namespace ExactSidecar\Tests;

use ExactSidecar\Config;
use ExactSidecar\Delivery\Events;
use ExactSidecar\Delivery\OptionStateStore;
use ExactSidecar\Delivery\Outbox;
use ExactSidecar\Lifecycle;
use ExactSidecar\Tests\Support\TestCase;

final class LifecycleTest extends TestCase
{
    public function testDeactivationUnschedulesButKeepsTheOutboxSoActivationResumes(): void
    {
        $outbox = new Outbox(new OptionStateStore());
        $outbox->enqueue(Events::ORDER_UPDATED, '15');
        $outbox->enqueue(Events::CUSTOMER_UPDATED, '2');
        as_schedule_single_action(1, 'someone_elses_hook', [], 'other-group');

        Lifecycle::deactivate();
        $this->assertSame([], \WpState::pending(Config::ACTION_HOOK));
        $this->assertCount(1, \WpState::pending('someone_elses_hook'), 'other plugins\' actions are untouched');
        $this->assertNotFalse(get_option(OptionStateStore::optionName('order.updated', '15')));

        Lifecycle::activate();
        $this->assertSame(
            [['type' => 'order.updated', 'id' => '15'], ['type' => 'customer.updated', 'id' => '2']],
            array_column(\WpState::pending(Config::ACTION_HOOK), 'args')
        );
        Lifecycle::activate();
        $this->assertCount(2, \WpState::pending(Config::ACTION_HOOK), 'activating twice does not double');
    }

    public function testUninstallRemovesOptionsKeyUserAndActionsButNotOrderNotes(): void
    {
        $this->configure();
        update_option(Config::OPTION_API_USER, 100);
        \WpState::$users[100] = ['ID' => 100, 'user_login' => 'exact-sidecar'];
        update_option(Config::OPTION_API_KEY, 3);
        \WpState::$apiKeys[3] = ['key_id' => 3];
        \WpState::$apiKeys[4] = ['key_id' => 4, 'description' => 'someone else'];
        update_option('woocommerce_currency', 'EUR');
        $order = new \WC_Order(15);
        $order->add_order_note('Exact Online: posted');
        \WpState::$orders[15] = $order;
        (new Outbox(new OptionStateStore()))->enqueue(Events::ORDER_UPDATED, '15');

        Lifecycle::uninstall();

        $this->assertSame(['woocommerce_currency'], array_keys(\WpState::$options));
        $this->assertSame([4], array_keys(\WpState::$apiKeys));
        $this->assertSame([], \WpState::$users);
        $this->assertSame([], \WpState::pending(Config::ACTION_HOOK));
        $this->assertSame(['Exact Online: posted'], $order->notes);
    }
}
