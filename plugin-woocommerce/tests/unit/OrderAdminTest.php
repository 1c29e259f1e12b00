<?php

namespace ExactSidecar\Tests;

use ExactSidecar\Admin\OrderAdmin;
use ExactSidecar\Config;
use ExactSidecar\Delivery\Events;
use ExactSidecar\Delivery\OptionStateStore;
use ExactSidecar\Delivery\OrderObserver;
use ExactSidecar\Delivery\Outbox;
use ExactSidecar\Http\SidecarClient;
use ExactSidecar\Tests\Support\FakeTransport;
use ExactSidecar\Tests\Support\TestCase;

final class OrderAdminTest extends TestCase
{
    /** @var FakeTransport */
    private $transport;

    protected function setUp(): void
    {
        parent::setUp();
        $this->transport = new FakeTransport();
    }

    private function admin(): OrderAdmin
    {
        $transport = $this->transport;
        return new OrderAdmin(static function () use ($transport): SidecarClient {
            return new SidecarClient(Config::fromOptions(), $transport);
        });
    }

    private function output(callable $render): string
    {
        ob_start();
        try {
            $render();
        } finally {
            $html = (string) ob_get_clean();
        }
        return $html;
    }

    public function testColumnIsAddedAfterTheStatusOnBothStorages(): void
    {
        $admin = $this->admin();
        $admin->register();
        $this->assertSame(
            ['cb' => '', 'order_status' => 'Status', 'exact_sidecar' => 'Exact Online', 'order_total' => 'Total'],
            $admin->addColumn(['cb' => '', 'order_status' => 'Status', 'order_total' => 'Total'])
        );
        $this->assertNotFalse(has_filter('manage_woocommerce_page_wc-orders_columns', [$admin, 'addColumn']));
        $this->assertNotFalse(has_filter('manage_edit-shop_order_columns', [$admin, 'addColumn']));
        $this->assertNotFalse(has_action('manage_woocommerce_page_wc-orders_custom_column', [$admin, 'renderColumn']));
        $this->assertNotFalse(has_action('manage_shop_order_posts_custom_column', [$admin, 'renderColumn']));
    }

    /**
     * @return array<string,array{0:array<string,mixed>,1:bool,2:string,3:string}>
     */
    public function states(): array
    {
        return [
            'nothing yet' => [[], false, 'none', '–'],
            'queued in the plugin' => [[], true, 'queued', 'Queued'],
            'sidecar pending' => [['_exact_sync_state' => 'pending'], false, 'queued', 'Queued'],
            'posted' => [['_exact_sync_state' => 'posted', '_exact_document_number' => '20260042',
                '_exact_document_type' => 'sales_invoice'], false, 'posted', 'Posted: 20260042'],
            'failed' => [['_exact_sync_state' => 'failed', '_exact_error' => 'No VAT code for rate 2.',
                '_exact_resolution' => 'Map it under Settings > VAT.'], false, 'failed', 'Failed'],
            'skipped' => [['_exact_sync_state' => 'skipped'], false, 'skipped', 'Skipped'],
            'dead in the plugin' => [[OrderObserver::META => ['state' => 'dead', 'message' => 'HTTP 400']], false, 'failed', 'Not sent'],
            'retrying' => [[OrderObserver::META => ['state' => 'retrying', 'message' => 'HTTP 503']], true, 'queued', 'Queued'],
        ];
    }

    /**
     * @dataProvider states
     * @param array<string,mixed> $meta
     */
    public function testSummaryFromOrderMeta(array $meta, bool $queued, string $state, string $label): void
    {
        $summary = OrderAdmin::summary(new \WC_Order(15, 'processing', $meta), $queued);
        $this->assertSame($state, $summary['state']);
        $this->assertSame($label, $summary['label']);
    }

    public function testFailedSummaryCarriesMessageAndResolution(): void
    {
        $order = new \WC_Order(15, 'processing', ['_exact_sync_state' => 'failed', '_exact_error' => 'No VAT code for rate 2.',
            '_exact_resolution' => 'Map it under Settings > VAT.']);
        $this->assertSame('No VAT code for rate 2. Map it under Settings > VAT.', OrderAdmin::summary($order, false)['detail']);
    }

    public function testColumnRendersFromMetaWithoutHttp(): void
    {
        \WpState::$orders[15] = new \WC_Order(15, 'processing', ['_exact_sync_state' => 'posted', '_exact_document_number' => 'A<1>']);
        $html = $this->output(function (): void {
            $this->admin()->renderColumn('exact_sidecar', 15);
            $this->admin()->renderColumn('order_total', 15);
        });
        $this->assertSame('<mark class="order-status exact-sidecar-posted" title=""><span>Posted: A&lt;1&gt;</span></mark>', $html);
        $this->assertSame([], $this->transport->requests);
    }

    public function testAQueuedEventShowsInTheColumn(): void
    {
        (new Outbox(new OptionStateStore()))->enqueue(Events::ORDER_REFUNDED, '15');
        $this->assertTrue(OrderAdmin::isQueued('15'));
        $this->assertFalse(OrderAdmin::isQueued('16'));
    }

    public function testMetaBoxIsAddedForTheHposScreen(): void
    {
        $this->admin()->addMetaBox();
        $this->assertSame('woocommerce_page_wc-orders', \WpState::$metaBoxes[0]['screen']);
        $this->assertSame('side', \WpState::$metaBoxes[0]['context']);
    }

    public function testMetaBoxShowsTheLiveStateAndButtons(): void
    {
        $this->configure();
        \WpState::$caps = ['manage_woocommerce' => true];
        \WpState::$orders[15] = new \WC_Order(15, 'processing', ['_exact_sync_state' => 'failed']);
        $this->transport->answer(200, [
            'state' => 'failed',
            'document_type' => 'sales_invoice',
            'error' => ['message' => 'Payment method "mollie_ideal" is not mapped.',
                'resolution' => 'Map payment method "mollie_ideal" under Settings > Payment methods.'],
            'history' => [['at' => '2026-11-21T12:00:00Z', 'message' => 'received']],
        ]);
        $html = $this->output(function (): void {
            $this->admin()->renderMetaBox(new \WP_Post(15));
        });
        $this->assertSame(self::URL . '/api/v1/shop/orders/15', $this->transport->requests[0]['url']);
        self::assertSignedBy(self::SECRET, $this->transport->requests[0]);
        $this->assertStringContainsString('Payment method &quot;mollie_ideal&quot; is not mapped.', $html);
        $this->assertStringContainsString('Map payment method &quot;mollie_ideal&quot; under Settings &gt; Payment methods.', $html);
        $this->assertStringContainsString('2026-11-21T12:00:00Z received', $html);
        $this->assertStringContainsString('action=exact_sidecar_retry_order', $html);
        $this->assertStringContainsString('action=exact_sidecar_resend_order', $html);
        $this->assertStringContainsString('_wpnonce=nonce-exact_sidecar_retry_order_15', $html);
    }

    public function testADryRunIsShownOnceOnTheOrderScreen(): void
    {
        $this->configure();
        \WpState::$caps = ['manage_woocommerce' => true];
        \WpState::$orders[15] = new \WC_Order(15, 'processing', []);
        set_transient(\ExactSidecar\Admin\AdminActions::dryRunKey('15'), ['ok' => true, 'document' => [
            'type' => 'sales_invoice',
            'account' => ['id' => '(new)', 'code' => null, 'outcome' => 'would be created (e-mail a@b.nl)'],
            'lines' => [['description' => 'Koffiemok', 'item' => 'MUG-001', 'quantity' => 2, 'net' => '18.00', 'vat' => '3.78', 'vat_code' => '21']],
            'total' => '47.47', 'shop_total' => '47.47', 'notes' => ['rounding line 0.01 (...)'],
        ]], 600);
        $this->transport->answer(200, ['state' => 'pending']);
        $html = $this->output(function (): void {
            $this->admin()->renderMetaBox(new \WP_Post(15));
        });
        $this->assertStringContainsString('Preview: nothing was sent to Exact Online', $html);
        $this->assertStringContainsString('Sales invoice, a new account would be created', $html);
        $this->assertStringContainsString('<td>2 x MUG-001 Koffiemok</td><td>18.00</td><td>3.78 (21)</td>', $html);
        $this->assertStringContainsString('Total in Exact 47.47; the shop&#039;s total 47.47.', $html);
        $this->assertStringContainsString('action=exact_sidecar_dry_run', $html);
        $this->transport->answer(200, ['state' => 'pending']);
        $again = $this->output(function (): void {
            $this->admin()->renderMetaBox(new \WP_Post(15));
        });
        $this->assertStringNotContainsString('Preview: nothing was sent', $again);

        $refused = OrderAdmin::dryRunHtml(['ok' => false, 'problem' => 'Exact has no item MUG-9.', 'resolution' => 'Create it.']);
        $this->assertStringContainsString('Exact has no item MUG-9.', $refused);
        $this->assertStringContainsString('What to do:</em> Create it.', $refused);
    }

    public function testLiveStateAcceptsFlatErrorFieldsAndIgnoresOddTypes(): void
    {
        $html = OrderAdmin::liveHtml([
            'state' => 'posted',
            'document_type' => 'sales_invoice',
            'document_number' => 20260042,
            'error' => null,
            'resolution' => ['not' => 'a string'],
        ]);
        $this->assertStringContainsString('<td>posted</td>', $html);
        $this->assertStringContainsString('<td>sales_invoice 20260042</td>', $html);
        $this->assertStringNotContainsString('What to do', $html);
        $flat = OrderAdmin::liveHtml(['state' => 'failed', 'error' => 'No VAT code.', 'resolution' => 'Map it.']);
        $this->assertStringContainsString('<td>No VAT code.</td>', $flat);
        $this->assertStringContainsString('<td>Map it.</td>', $flat);
    }

    public function testMetaBoxWithoutCapabilityHasNoButtons(): void
    {
        $this->configure();
        \WpState::$orders[15] = new \WC_Order(15);
        $this->transport->answer(404, ['error' => ['code' => 'not_found', 'message' => 'Unknown order']]);
        $html = $this->output(function (): void {
            $this->admin()->renderMetaBox(\WpState::$orders[15]);
        });
        $this->assertStringContainsString('The sidecar has not received this order.', $html);
        $this->assertStringNotContainsString('exact_sidecar_retry_order', $html);
    }

    public function testMetaBoxWhenTheSidecarIsDown(): void
    {
        $this->configure();
        \WpState::$orders[15] = new \WC_Order(15);
        $this->transport->fail('cURL error 7');
        $html = $this->output(function (): void {
            $this->admin()->renderMetaBox(\WpState::$orders[15]);
        });
        $this->assertStringContainsString('Could not reach the sidecar', $html);
    }
}
