<?php

namespace ExactSidecar\Tests;

use ExactSidecar\Admin\AdminActions;
use ExactSidecar\Admin\SettingsPage;
use ExactSidecar\Admin\Notices;
use ExactSidecar\Config;
use ExactSidecar\Delivery\DeadLetters;
use ExactSidecar\Delivery\DeliveryResult;
use ExactSidecar\Delivery\OptionStateStore;
use ExactSidecar\Delivery\Outbox;
use ExactSidecar\Delivery\StaticPayloadSource;
use ExactSidecar\Http\SidecarClient;
use ExactSidecar\Tests\Support\FakeShopLists;
use ExactSidecar\Tests\Support\FakeTransport;
use ExactSidecar\Tests\Support\TestCase;

final class AdminActionsTest extends TestCase
{
    /** @var FakeTransport */
    private $transport;

    protected function setUp(): void
    {
        parent::setUp();
        $this->transport = new FakeTransport();
        \WpState::$currentUser = 1;
        \WpState::$caps = ['manage_woocommerce' => true];
        $this->configure();
    }

    private function actions(): AdminActions
    {
        $transport = $this->transport;
        return new AdminActions(new Outbox(new OptionStateStore()), static function () use ($transport): SidecarClient {
            return new SidecarClient(Config::fromOptions(), $transport);
        }, new FakeShopLists(), static function (): StaticPayloadSource {
            return new StaticPayloadSource(['id' => 15, 'number' => '15', 'status' => 'processing']);
        });
    }

    /**
     * Request parameters of a click on AdminActions::url($action, $params).
     *
     * @param array<string,string|int> $params
     */
    private function click(string $action, array $params = []): void
    {
        parse_str((string) parse_url(AdminActions::url($action, $params), PHP_URL_QUERY), $query);
        $_GET = $query;
        $_REQUEST = $query;
    }

    /**
     * @return array<string,array{0:string,1:string,2:array<string,string|int>}>
     */
    public function everyAction(): array
    {
        return [
            'test' => ['exact_sidecar_test', 'testConnection', []],
            'connect' => ['exact_sidecar_connect', 'connect', []],
            'disconnect' => ['exact_sidecar_disconnect', 'disconnect', []],
            'propose' => ['exact_sidecar_propose', 'propose', []],
            'retry' => ['exact_sidecar_retry_order', 'retryOrder', ['order_id' => 15]],
            'resend' => ['exact_sidecar_resend_order', 'resendOrder', ['order_id' => 15]],
            'dry run' => ['exact_sidecar_dry_run', 'dryRunOrder', ['order_id' => 15]],
            'resend event' => ['exact_sidecar_resend_event', 'resendEvent', ['type' => 'order.updated', 'id' => '15']],
        ];
    }

    /**
     * @dataProvider everyAction
     * @param array<string,string|int> $params
     */
    public function testEveryActionNeedsTheCapability(string $action, string $method, array $params): void
    {
        \WpState::$orders[15] = new \WC_Order(15);
        $this->click($action, $params);
        \WpState::$caps = [];
        try {
            $this->actions()->{$method}();
            $this->fail('ran without manage_woocommerce');
        } catch (\WpDieException $e) {
            $this->assertSame([], $this->transport->requests);
            $this->assertSame([], \WpState::$scheduled);
        }
    }

    /**
     * @dataProvider everyAction
     * @param array<string,string|int> $params
     */
    public function testEveryActionNeedsItsOwnNonce(string $action, string $method, array $params): void
    {
        \WpState::$orders[15] = new \WC_Order(15);
        $this->click($action, $params);
        // A nonce of another action (or another order) is not accepted.
        $_REQUEST['_wpnonce'] = wp_create_nonce('exact_sidecar_test' === $action ? 'exact_sidecar_connect' : 'exact_sidecar_test');
        try {
            $this->actions()->{$method}();
            $this->fail('ran with a nonce of another action');
        } catch (\WpDieException $e) {
            $this->assertSame([], $this->transport->requests);
            $this->assertSame([], \WpState::$scheduled);
        }
    }

    public function testConnectFromTheSettingsFormSendsTheChosenCountry(): void
    {
        $this->transport->answer(204, '');
        $this->transport->answer(200, ['authorize_url' => 'https://start.exactonline.be/api/oauth2/auth?client_id=x']);
        // the button inside WooCommerce's settings form: its own nonce field beside the form's _wpnonce
        $_POST = ['_wpnonce' => wp_create_nonce('woocommerce-settings'), '_wpnonce_connect' => wp_create_nonce('exact_sidecar_connect'),
            'exact_sidecar_region' => 'be'];
        $_REQUEST = $_POST;
        $this->assertSame('https://start.exactonline.be/api/oauth2/auth?client_id=x', $this->actions()->connect());
        $this->assertSame('be', json_decode($this->transport->requests[1]['body'], true)['region']);

        $this->transport->requests = [];
        $this->transport->answer(204, '');
        $this->transport->answer(200, ['authorize_url' => 'https://start.exactonline.nl/x']);
        $_REQUEST['exact_sidecar_region'] = 'mars';
        $this->actions()->connect();
        $this->assertSame('nl', json_decode($this->transport->requests[1]['body'], true)['region'], 'only a known country');
    }

    public function testProposeSendsTheShopListsAndPutsTheProposalInTheFormUnsaved(): void
    {
        $proposed = [
            'settings' => ['version' => 1, 'revenue' => ['home_country' => 'NL', 'domestic' => '8000'],
                'vat' => ['rates' => [['shop_rate' => '1', 'country' => null, 'percent' => null, 'exact' => '21']]]],
            'proposed' => [['setting' => 'revenue.domestic', 'value' => '8000', 'why' => "the revenue account: 8000 'Omzet'"]],
            'missing' => [['setting' => 'rounding.item', 'why' => 'No item AFRONDING in Exact.', 'required' => true]],
        ];
        $this->transport->answer(200, $proposed);
        $this->click('exact_sidecar_propose');
        $target = $this->actions()->propose();

        $this->assertSame(AdminActions::settingsUrl(), $target);
        [$request] = $this->transport->requests;
        $this->assertSame('POST', $request['method']);
        $this->assertSame(self::URL . '/api/v1/shop/settings/proposal', $request['url']);
        self::assertSignedBy(self::SECRET, $request);
        $body = json_decode($request['body'], true);
        $this->assertSame('NL', $body['home_country']);
        $this->assertSame(['id' => '1', 'country' => 'NL', 'percent' => 21, 'name' => 'BTW hoog'], $body['tax_rates'][0]);
        $this->assertSame(['id' => 'bacs', 'title' => 'Direct bank transfer'], $body['payment_methods'][0]);
        $this->assertSame(['id' => 'flat_rate', 'title' => 'Flat rate'], $body['shipping_methods'][0]);
        // nothing is saved: the proposal waits in the form for the owner's Save
        $this->assertCount(1, $this->transport->requests, 'no PUT');
        $stash = get_transient(SettingsPage::stashKey());
        $this->assertSame('8000', $stash['form']['s']['revenue.domestic']);
        $this->assertSame('21', $stash['form']['vat']['1']);
        $this->assertSame($proposed['missing'], $stash['proposal']['missing']);
    }

    public function testAProposalTheSidecarRefusesIsSaid(): void
    {
        $this->transport->answer(409, ['error' => ['code' => 'not_connected', 'message' => 'Connect Exact Online first.']]);
        $this->click('exact_sidecar_propose');
        $this->actions()->propose();
        $this->assertFalse(get_transient(SettingsPage::stashKey()));
        $this->assertStringContainsString('Connect Exact Online first.', json_encode(Notices::take()));
    }

    public function testDryRunUsesTheSidecarsCopyAndSendsTheOrderOnlyWhenItHasNone(): void
    {
        \WpState::$orders[15] = new \WC_Order(15);
        $preview = ['ok' => true, 'document' => ['type' => 'sales_invoice', 'total' => '47.47']];
        $this->transport->answer(404, ['error' => ['code' => 'not_found', 'message' => 'not received']]);
        $this->transport->answer(200, $preview);
        $this->click('exact_sidecar_dry_run', ['order_id' => 15]);
        $this->actions()->dryRunOrder();

        [$first, $second] = $this->transport->requests;
        $this->assertSame(self::URL . '/api/v1/shop/orders/15/dry-run', $first['url']);
        $this->assertSame('{}', $first['body'], 'first the order data the sidecar holds');
        $this->assertSame(['order' => ['id' => 15, 'number' => '15', 'status' => 'processing']], json_decode($second['body'], true));
        self::assertSignedBy(self::SECRET, $second);
        $this->assertSame($preview, get_transient(AdminActions::dryRunKey('15')), 'shown on the order screen');
    }

    public function testNonceOfAnotherOrderIsRefused(): void
    {
        \WpState::$orders[15] = new \WC_Order(15);
        \WpState::$orders[16] = new \WC_Order(16);
        $this->click('exact_sidecar_resend_order', ['order_id' => 15]);
        $_REQUEST['order_id'] = '16';
        $this->expectException(\WpDieException::class);
        $this->actions()->resendOrder();
    }

    public function testTestConnectionReportsTheStatusInWords(): void
    {
        $this->transport->answer(200, [
            'name' => 'Koffiehuis',
            'platform' => 'woocommerce',
            'exact' => ['connected' => true, 'region' => 'nl', 'division' => ['code' => '123456', 'name' => 'Koffiehuis BV'],
                'needs_reauth' => false],
            'queue' => ['pending' => 2, 'failed' => 1],
        ]);
        $this->click('exact_sidecar_test');
        $this->assertSame(AdminActions::settingsUrl(), $this->actions()->testConnection());
        $request = $this->transport->requests[0];
        $this->assertSame('GET', $request['method']);
        $this->assertSame(self::URL . '/api/v1/shop', $request['url']);
        $this->assertSame('', $request['body']);
        self::assertSignedBy(self::SECRET, $request);
        $notices = Notices::take();
        $this->assertSame('success', $notices[0]['type']);
        $this->assertSame(
            'The sidecar answered and knows this shop as "Koffiehuis". Connected to Exact Online division 123456 '
            . 'Koffiehuis BV (region nl). Orders waiting: 2, failed: 1.',
            $notices[0]['text']
        );
    }

    /**
     * @return array<string,array{0:int,1:string,2:string}>
     */
    public function failures(): array
    {
        return [
            'bad signature' => [401, 'bad_signature', 'check that the secret matches'],
            'unknown shop' => [401, 'unknown_shop', 'does not know shop id "shp_demo01"'],
            'clock' => [401, 'stale_timestamp', 'clocks'],
            'other' => [500, 'boom', 'The sidecar answered 500: went wrong'],
        ];
    }

    /**
     * @dataProvider failures
     */
    public function testTestConnectionExplainsFailures(int $status, string $code, string $expected): void
    {
        $this->transport->answer($status, ['error' => ['code' => $code, 'message' => 'went wrong']]);
        $this->click('exact_sidecar_test');
        $this->actions()->testConnection();
        $notices = Notices::take();
        $this->assertSame('error', $notices[0]['type']);
        $this->assertStringContainsString($expected, $notices[0]['text']);
    }

    public function testTestConnectionWhenUnreachable(): void
    {
        $this->transport->fail('cURL error 28: timed out');
        $this->click('exact_sidecar_test');
        $this->actions()->testConnection();
        $this->assertStringContainsString('Could not reach the sidecar at https://sidecar.example (cURL error 28', Notices::take()[0]['text']);
    }

    public function testConnectHandsOverFreshCredentialsThenGoesToExact(): void
    {
        $this->transport->answer(204, '');
        $this->transport->answer(200, ['authorize_url' => 'https://start.exactonline.nl/api/oauth2/auth?client_id=x']);
        $this->click('exact_sidecar_connect');

        $target = $this->actions()->connect();

        $this->assertSame('https://start.exactonline.nl/api/oauth2/auth?client_id=x', $target);
        [$credentials, $connect] = $this->transport->requests;
        $this->assertSame(self::URL . '/api/v1/shop/credentials', $credentials['url']);
        self::assertSignedBy(self::SECRET, $credentials);
        $sent = json_decode($credentials['body'], true);
        $this->assertSame(['consumer_key', 'consumer_secret'], array_keys($sent), 'exactly the key pair (the sidecar refuses unknown fields)');
        $this->assertMatchesRegularExpression('/^ck_[0-9a-f]{40}$/', $sent['consumer_key']);
        $this->assertMatchesRegularExpression('/^cs_[0-9a-f]{40}$/', $sent['consumer_secret']);
        $this->assertCount(1, \WpState::$apiKeys);
        $key = \WpState::$apiKeys[(int) get_option(Config::OPTION_API_KEY)];
        $this->assertSame('read_write', $key['permissions']);
        $this->assertSame(wc_api_hash($sent['consumer_key']), $key['consumer_key'], 'stored hashed, as WooCommerce does');
        $this->assertSame($sent['consumer_secret'], $key['consumer_secret']);
        $this->assertSame(substr($sent['consumer_key'], -7), $key['truncated_key']);
        $this->assertSame('shop_manager', \WpState::$users[$key['user_id']]['role']);
        $this->assertSame('exact-sidecar', \WpState::$users[$key['user_id']]['user_login']);
        $this->assertSame(self::URL . '/api/v1/shop/exact/connect', $connect['url']);
        $this->assertSame(
            ['return_url' => 'https://shop.example/wp-admin/admin.php?page=wc-settings&tab=exact_sidecar&exact_sidecar_connected=1',
                'region' => 'nl'],
            json_decode($connect['body'], true)
        );
    }

    public function testReconnectRevokesThePreviousKeyOnlyAfterTheNewOneIsAccepted(): void
    {
        $this->transport->answer(204, '')->answer(200, ['authorize_url' => 'https://start.exactonline.nl/a']);
        $this->click('exact_sidecar_connect');
        $this->actions()->connect();
        $first = (int) get_option(Config::OPTION_API_KEY);

        $this->transport->answer(503, ['error' => ['code' => 'down', 'message' => 'storage is down']]);
        $this->actions()->connect();
        $this->assertSame($first, (int) get_option(Config::OPTION_API_KEY), 'the old key stays when the new one is refused');
        $this->assertSame([$first], array_keys(\WpState::$apiKeys), 'the refused key is revoked again');
        $this->assertStringContainsString('storage is down', Notices::take()[0]['text']);

        $this->transport->answer(204, '')->answer(200, ['authorize_url' => 'https://start.exactonline.nl/a']);
        $this->actions()->connect();
        $second = (int) get_option(Config::OPTION_API_KEY);
        $this->assertNotSame($first, $second);
        $this->assertSame([$second], array_keys(\WpState::$apiKeys));
        $this->assertCount(1, \WpState::$users, 'one dedicated user, reused');
    }

    public function testConnectRefusesANonHttpAuthorizeUrl(): void
    {
        $this->transport->answer(204, '')->answer(200, ['authorize_url' => 'javascript:alert(1)']);
        $this->click('exact_sidecar_connect');
        $this->assertSame(AdminActions::settingsUrl(), $this->actions()->connect());
        $this->assertStringContainsString('valid Exact Online sign-in address', Notices::take()[0]['text']);
    }

    public function testDisconnectRevokesTheKey(): void
    {
        $this->transport->answer(204, '')->answer(200, ['authorize_url' => 'https://start.exactonline.nl/a']);
        $this->click('exact_sidecar_connect');
        $this->actions()->connect();
        $this->assertCount(1, \WpState::$apiKeys);

        $this->transport->answer(200, ['status' => 'disconnected']);
        $this->click('exact_sidecar_disconnect');
        $this->actions()->disconnect();
        $this->assertSame(self::URL . '/api/v1/shop/exact/disconnect', $this->transport->requests[2]['url']);
        $this->assertSame([], \WpState::$apiKeys);
        $this->assertFalse(get_option(Config::OPTION_API_KEY));
    }

    public function testDisconnectKeepsTheKeyWhenTheSidecarDidNotDisconnect(): void
    {
        update_option(Config::OPTION_API_KEY, 7);
        \WpState::$apiKeys[7] = ['key_id' => 7];
        $this->transport->fail('down');
        $this->click('exact_sidecar_disconnect');
        $this->actions()->disconnect();
        $this->assertSame([7], array_keys(\WpState::$apiKeys));
        $this->assertSame('error', Notices::take()[0]['type']);
    }

    public function testBackfillValidatesTheDateAndUsesItsOwnNonceField(): void
    {
        $_REQUEST = ['_wpnonce' => wp_create_nonce('woocommerce-settings'), '_wpnonce_backfill' => wp_create_nonce('exact_sidecar_backfill'),
            'exact_sidecar_since' => '2026-02-30'];
        $this->actions()->backfill();
        $this->assertSame([], $this->transport->requests);
        $this->assertStringContainsString('past date', Notices::take()[0]['text']);

        $_REQUEST['exact_sidecar_since'] = '2026-01-01';
        $this->transport->answer(202, ['status' => 'started']);
        $this->actions()->backfill();
        $this->assertSame(['since' => '2026-01-01'], json_decode($this->transport->requests[0]['body'], true));
        $this->assertSame(self::URL . '/api/v1/shop/backfill', $this->transport->requests[0]['url']);

        $_REQUEST['_wpnonce_backfill'] = 'forged';
        $this->expectException(\WpDieException::class);
        $this->actions()->backfill();
    }

    public function testRetryAsksTheSidecar(): void
    {
        \WpState::$orders[15] = new \WC_Order(15);
        $this->transport->answer(202, ['status' => 'queued']);
        $this->click('exact_sidecar_retry_order', ['order_id' => 15]);
        $target = $this->actions()->retryOrder();
        $this->assertStringContainsString('action=edit&id=15', $target);
        $this->assertSame('POST', $this->transport->requests[0]['method']);
        $this->assertSame(self::URL . '/api/v1/shop/orders/15/retry', $this->transport->requests[0]['url']);
        $this->assertSame('success', Notices::take()[0]['type']);
    }

    public function testResendQueuesTheOrderAgainWithoutHttpAndClearsItsDeadLetter(): void
    {
        \WpState::$orders[15] = new \WC_Order(15);
        DeadLetters::add(new DeliveryResult('dead', 'order.updated', '15', 'e1', 400, null, 'bad'), 1);
        DeadLetters::add(new DeliveryResult('dead', 'order.updated', '16', 'e2', 400, null, 'bad'), 1);
        $this->click('exact_sidecar_resend_order', ['order_id' => 15]);
        $this->actions()->resendOrder();
        $this->assertSame([], $this->transport->requests);
        $pending = \WpState::pending(Config::ACTION_HOOK);
        $this->assertSame(['type' => 'order.updated', 'id' => '15'], $pending[0]['args']);
        $this->assertSame(['16'], array_column(DeadLetters::all(), 'entity_id'));
    }

    public function testResendEventRefusesUnknownTypes(): void
    {
        $this->click('exact_sidecar_resend_event', ['type' => 'order.bogus', 'id' => '15']);
        $this->actions()->resendEvent();
        $this->assertSame([], \WpState::$scheduled);
        $this->assertSame('error', Notices::take()[0]['type']);
    }

    public function testUnconfiguredPluginSaysWhatToDo(): void
    {
        delete_option(Config::OPTION_SECRET);
        $this->click('exact_sidecar_test');
        $this->actions()->testConnection();
        $this->assertSame([], $this->transport->requests);
        $this->assertStringContainsString('Enter the sidecar URL, shop id and secret', Notices::take()[0]['text']);
    }
}
