<?php

namespace ExactSidecar\Tests;

use ExactSidecar\Admin\SettingsForm;
use ExactSidecar\Admin\SettingsPage;
use ExactSidecar\Config;
use ExactSidecar\Http\SidecarClient;
use ExactSidecar\Tests\Support\FakeShopLists;
use ExactSidecar\Tests\Support\FakeTransport;
use ExactSidecar\Tests\Support\TestCase;

final class SettingsPageTest extends TestCase
{
    /** @var FakeTransport */
    private $transport;

    protected function setUp(): void
    {
        parent::setUp();
        $this->transport = new FakeTransport();
        \WpState::$currentUser = 1;
        \WpState::$caps = ['manage_woocommerce' => true];
    }

    private function page(): SettingsPage
    {
        $transport = $this->transport;
        return new SettingsPage(static function () use ($transport): SidecarClient {
            return new SidecarClient(Config::fromOptions(), $transport);
        }, new FakeShopLists());
    }

    /**
     * @param array<string,mixed> $fields
     */
    private function post(array $fields, bool $validNonce = true): void
    {
        $_POST = $fields + ['_wpnonce' => $validNonce ? wp_create_nonce('woocommerce-settings') : 'forged'];
        $_REQUEST = $_POST;
    }

    private function render(): string
    {
        ob_start();
        try {
            $this->page()->render();
        } finally {
            $html = (string) ob_get_clean();
        }
        return $html;
    }

    /**
     * @return array<string,mixed>
     */
    private static function currentDoc(): array
    {
        return [
            'trigger_statuses' => ['processing'],
            'document_type' => 'sales_order',
            'mappings' => ['vat' => ['1' => '2'], 'payment' => [], 'shipping' => []],
            'customer' => ['vat_number_meta_key' => '_billing_vat'],
        ];
    }

    public function testTabIsAddedAndHooksRegistered(): void
    {
        $page = $this->page();
        $page->register();
        $this->assertSame(['general' => 'General', 'exact_sidecar' => 'Exact Online'], $page->addTab(['general' => 'General']));
        $this->assertNotFalse(has_action('woocommerce_settings_exact_sidecar', [$page, 'render']));
        $this->assertNotFalse(has_action('woocommerce_settings_save_exact_sidecar', [$page, 'save']));
    }

    public function testSaveWithoutCapabilityIsRefused(): void
    {
        \WpState::$caps = [];
        $this->post(['exact_sidecar_url' => 'https://evil.example']);
        try {
            $this->page()->save();
            $this->fail('saved without manage_woocommerce');
        } catch (\WpDieException $e) {
            $this->assertFalse(get_option(Config::OPTION_URL));
        }
    }

    public function testSaveWithABadNonceIsRefused(): void
    {
        $this->post(['exact_sidecar_url' => 'https://evil.example'], false);
        try {
            $this->page()->save();
            $this->fail('saved with a forged nonce');
        } catch (\WpDieException $e) {
            $this->assertFalse(get_option(Config::OPTION_URL));
        }
    }

    public function testConnectionFieldsAreSavedAndTheSecretIsWriteOnly(): void
    {
        $this->post([
            'exact_sidecar_url' => 'https://sidecar.example/',
            'exact_sidecar_shop_id' => 'shp_demo01',
            'exact_sidecar_secret' => '  first secret  ',
        ]);
        $this->assertSame([], $this->page()->save());
        $this->assertSame('https://sidecar.example', get_option(Config::OPTION_URL));
        $this->assertSame('shp_demo01', get_option(Config::OPTION_SHOP_ID));
        $this->assertSame('first secret', get_option(Config::OPTION_SECRET));

        // An empty secret field keeps the stored secret.
        $this->post(['exact_sidecar_url' => 'https://sidecar.example', 'exact_sidecar_shop_id' => 'shp_demo01', 'exact_sidecar_secret' => '']);
        $this->page()->save();
        $this->assertSame('first secret', get_option(Config::OPTION_SECRET));
    }

    public function testSecretIsNeverPrinted(): void
    {
        $this->configure();
        $this->transport->fail('down');
        $html = $this->render();
        $this->assertStringNotContainsString(self::SECRET, $html);
        $this->assertStringContainsString('name="exact_sidecar_secret" value=""', $html);
        $this->assertStringContainsString('(saved, hidden)', $html);
    }

    public function testInvalidUrlAndShopIdAreReportedAndNotSaved(): void
    {
        update_option(Config::OPTION_URL, 'https://old.example');
        $this->post(['exact_sidecar_url' => 'sidecar.example', 'exact_sidecar_shop_id' => 'bad id!']);
        $problems = $this->page()->save();
        $this->assertCount(2, $problems);
        $this->assertStringContainsString('https://', $problems[0]);
        $this->assertStringContainsString('shop id', $problems[1]);
        $this->assertSame('https://old.example', get_option(Config::OPTION_URL));
        $this->assertSame($problems, \WC_Admin_Settings::$errors);
    }

    public function testSyncSettingsArePutMergedIntoTheSidecarsDocument(): void
    {
        $this->configure();
        $this->transport->answer(200, self::currentDoc());
        $this->transport->answer(200, ['status' => 'saved']);
        $this->post([
            'exact_sidecar_url' => self::URL,
            'exact_sidecar_shop_id' => self::SHOP,
            SettingsPage::REMOTE_MARKER => '1',
            SettingsForm::FIELD => [
                'trigger_statuses' => ['processing', 'completed'],
                'document_type' => 'sales_invoice',
                'mappings' => [
                    'vat' => ['1' => '2', '2' => '4'],
                    'payment' => ['bacs' => 'BT', 'mollie_wc_gateway_ideal' => ''],
                    'shipping' => ['flat_rate' => 'PNL'],
                ],
            ],
        ]);
        $this->assertSame([], $this->page()->save());

        $put = $this->transport->requests[1];
        $this->assertSame('PUT', $put['method']);
        $this->assertSame(self::URL . '/api/v1/shop/settings', $put['url']);
        self::assertSignedBy(self::SECRET, $put);
        $this->assertSame([
            'trigger_statuses' => ['processing', 'completed'],
            'document_type' => 'sales_invoice',
            'mappings' => ['vat' => ['1' => '2', '2' => '4'], 'payment' => ['bacs' => 'BT'], 'shipping' => ['flat_rate' => 'PNL']],
            'customer' => ['vat_number_meta_key' => '_billing_vat'],
        ], json_decode($put['body'], true), 'unknown keys of the document are kept');
    }

    public function testSidecarFieldErrorsAreShownNextToTheFieldsAndTheInputIsKept(): void
    {
        $this->configure();
        $this->transport->answer(200, self::currentDoc());
        $this->transport->answer(400, ['error' => [
            'code' => 'invalid_settings',
            'message' => 'Some settings are not valid.',
            'fields' => [
                'mappings.vat.2' => ['VAT code "99" does not exist in division 123456.'],
                'trigger_statuses' => ['Choose at least one status.'],
                'journal' => ['Journal 70 is not a sales journal.'],
            ],
        ]]);
        $this->post([
            SettingsPage::REMOTE_MARKER => '1',
            'exact_sidecar_url' => self::URL,
            'exact_sidecar_shop_id' => self::SHOP,
            SettingsForm::FIELD => ['document_type' => 'sales_entry', 'mappings' => ['vat' => ['2' => '99']]],
        ]);
        $problems = $this->page()->save();
        $this->assertStringContainsString('next to the fields', end($problems));

        // The next page view shows what was entered, with each error next to its field.
        $this->transport->answer(200, ['name' => 'Demo', 'exact' => ['connected' => true, 'region' => 'nl',
            'division' => ['code' => '123456', 'name' => 'Demo BV']]]);
        $this->transport->answer(200, self::currentDoc());
        $this->transport->answer(200, ['vat_codes' => [['code' => '2', 'description' => 'BTW hoog'], ['code' => '4', 'description' => 'BTW laag']]]);
        $this->transport->answer(404, ['error' => ['code' => 'not_found', 'message' => 'No backfill.']]);
        $html = $this->render();
        $this->assertStringContainsString('VAT code &quot;99&quot; does not exist in division 123456.', $html);
        $this->assertStringContainsString('Choose at least one status.', $html);
        $this->assertStringContainsString('journal: Journal 70 is not a sales journal.', $html, 'errors without a field are shown too');
        $this->assertStringContainsString('<option value="99" selected="selected">99 (?)</option>', $html, 'the entered value is kept');
        $this->assertStringContainsString('<option value="sales_entry" selected="selected">', $html);
        $this->assertStringNotContainsString('value="processing" checked', $html, 'the entered (empty) statuses, not the stored ones');
    }

    public function testUnknownFormValuesAreDroppedAndReported(): void
    {
        [$doc, $problems] = SettingsForm::documentFromPost(
            [SettingsForm::FIELD => [
                'trigger_statuses' => ['processing', 'hacked'],
                'document_type' => 'free_money',
                'mappings' => ['vat' => ['77' => '2']],
            ]],
            ['document_type' => 'sales_order', 'mappings' => ['vat' => []]],
            ['processing' => 'Processing'],
            ['vat' => ['1' => 'NL 21%'], 'payment' => [], 'shipping' => []]
        );
        $this->assertSame(['processing'], $doc['trigger_statuses']);
        $this->assertSame('sales_order', $doc['document_type']);
        $this->assertEquals(new \stdClass(), $doc['mappings']['vat']);
        $this->assertCount(3, $problems);
    }

    public function testOnlySectionsTheSidecarsDocumentHasAreEditedAndSent(): void
    {
        // The sidecar's default document today: it refuses unknown keys, and adds sections as flows arrive.
        $this->configure();
        $this->transport->answer(200, ['version' => 1, 'trigger_statuses' => ['processing', 'completed']]);
        $this->transport->answer(200, ['version' => 1, 'trigger_statuses' => ['completed']]);
        $this->post([
            SettingsPage::REMOTE_MARKER => '1',
            'exact_sidecar_url' => self::URL,
            'exact_sidecar_shop_id' => self::SHOP,
            SettingsForm::FIELD => ['trigger_statuses' => ['completed'], 'document_type' => 'sales_invoice',
                'mappings' => ['vat' => ['1' => '2']]],
        ]);
        $this->assertSame([], $this->page()->save());
        $this->assertSame(['version' => 1, 'trigger_statuses' => ['completed']], json_decode($this->transport->requests[1]['body'], true));

        $this->transport->answer(200, ['name' => 'Demo', 'exact' => ['connected' => false]]);
        $this->transport->answer(200, ['version' => 1, 'trigger_statuses' => ['completed']]);
        $this->transport->answer(404, ['error' => ['code' => 'not_found', 'message' => 'No route']]);
        $this->transport->answer(404, ['error' => ['code' => 'not_found', 'message' => 'No route']]);
        $html = $this->render();
        $this->assertStringContainsString('value="completed" checked="checked"', $html);
        $this->assertStringNotContainsString('exact_sidecar_document_type', $html);
        $this->assertStringNotContainsString('[mappings]', $html);
    }

    public function testRenderShowsStatusMappingsAndShopLists(): void
    {
        $this->configure();
        $this->transport->answer(200, ['name' => 'Demo', 'exact' => ['connected' => false]]);
        $this->transport->answer(200, self::currentDoc());
        $this->transport->answer(200, ['vat_codes' => [['code' => '2', 'description' => 'BTW hoog']],
            'payment_conditions' => [['id' => 'BT', 'name' => 'Bank transfer']]]);
        $this->transport->answer(200, ['done' => 40, 'total' => 100, 'failed' => 1, 'eta' => '5 min']);
        $html = $this->render();
        $this->assertStringContainsString('Not connected to Exact Online.', $html);
        $this->assertStringContainsString('Connect to Exact Online', $html);
        $this->assertStringContainsString('value="processing" checked="checked"', $html);
        $this->assertStringContainsString('value="completed" />', $html);
        $this->assertStringContainsString('<option value="2" selected="selected">2 - BTW hoog</option>', $html);
        $this->assertStringContainsString('<option value="BT">BT - Bank transfer</option>', $html);
        $this->assertStringContainsString('iDEAL', $html);
        $this->assertStringContainsString('40 of 100 done, 1 failed', $html);
        foreach ($this->transport->requests as $request) {
            $this->assertSame('GET', $request['method']);
            self::assertSignedBy(self::SECRET, $request);
        }
    }

    public function testUnreachableSidecarCostsOneCallAndSaysSo(): void
    {
        $this->configure();
        $this->transport->fail('cURL error 7: Failed to connect');
        $html = $this->render();
        $this->assertCount(1, $this->transport->requests);
        $this->assertStringContainsString('Could not reach the sidecar at https://sidecar.example', $html);
        $this->assertStringNotContainsString(SettingsPage::REMOTE_MARKER, $html, 'saving will not touch remote settings');
    }

    public function testTaxWarningsAreShown(): void
    {
        update_option('woocommerce_default_country', '');
        update_option('woocommerce_calc_taxes', 'yes');
        $html = $this->render();
        $this->assertStringContainsString('no base country', $html);
    }
}
