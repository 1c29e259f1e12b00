<?php

namespace ExactSidecar\Tests;

use ExactSidecar\Admin\SettingsForm;
use ExactSidecar\Admin\SettingsPage;
use ExactSidecar\Admin\SettingsSections;
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
     * The sidecar's complete document (as GET /api/v1/shop/settings answers it), every section filled in.
     *
     * @return array<string,mixed>
     */
    private static function fullDoc(): array
    {
        return json_decode((string) file_get_contents(__DIR__ . '/../data/settings-document.json'), true);
    }

    /**
     * GET /api/v1/shop/exact/options as the sidecar answers it: Exact's records with Exact's field names.
     *
     * @return array<string,mixed>
     */
    private static function options(): array
    {
        return [
            'division' => 123456,
            'divisions' => [['Code' => 123456, 'Description' => 'Demo BV']],
            'vat_codes' => [
                ['ID' => 'a1', 'Code' => '21 ', 'Description' => 'BTW hoog', 'Percentage' => 0.21, 'Type' => 'E', 'VATTransactionType' => 'S'],
                ['ID' => 'a2', 'Code' => ' 9', 'Description' => 'BTW laag', 'Percentage' => 0.09, 'Type' => 'E', 'VATTransactionType' => 'S'],
                ['ID' => 'a3', 'Code' => '0', 'Description' => 'BTW 0%', 'Percentage' => 0, 'Type' => 'E', 'VATTransactionType' => 'S'],
            ],
            'journals' => [
                ['ID' => 'j1', 'Code' => '  70', 'Description' => 'Verkoopboek', 'Type' => 20],
                ['ID' => 'j2', 'Code' => '  20', 'Description' => 'Bank', 'Type' => 12],
                ['ID' => 'j3', 'Code' => '  10', 'Description' => 'Kas', 'Type' => 10],
                ['ID' => 'j4', 'Code' => '  90', 'Description' => 'Memoriaal', 'Type' => 90],
            ],
            'payment_conditions' => [
                ['ID' => 'p1', 'Code' => '00', 'Description' => 'Direct'],
                ['ID' => 'p2', 'Code' => '14', 'Description' => '14 dagen'],
            ],
            'shipping_methods' => [
                ['ID' => 's1', 'Code' => 'POST', 'Description' => 'PostNL', 'Active' => true],
                ['ID' => 's2', 'Code' => 'PICKUP', 'Description' => 'Afhalen', 'Active' => true],
                ['ID' => 's3', 'Code' => 'OLD', 'Description' => 'Oude vervoerder', 'Active' => false],
            ],
            'gl_accounts' => [['ID' => 'g1', 'Code' => '    8000', 'Description' => 'Omzet']],
            'cost_centers' => [],
            'cost_units' => [],
            'item_groups' => [],
            'warehouses' => [['ID' => 'w1', 'Code' => '1', 'Description' => 'Hoofdmagazijn']],
        ];
    }

    /**
     * Queues the four answers of a page view (shop, settings, options, backfill).
     *
     * @param array<string,mixed> $settings
     */
    private function answerPageView(array $settings): void
    {
        $this->transport->answer(200, ['name' => 'Demo', 'exact' => ['connected' => true, 'region' => 'nl',
            'division' => 123456, 'division_name' => 'Demo BV']]);
        $this->transport->answer(200, $settings);
        $this->transport->answer(200, self::options());
        $this->transport->answer(404, ['error' => ['code' => 'not_found', 'message' => 'No backfill.']]);
    }

    private static function dom(string $html): \DOMXPath
    {
        $dom = new \DOMDocument();
        $previous = libxml_use_internal_errors(true);
        $dom->loadHTML('<?xml encoding="UTF-8"><div>' . $html . '</div>');
        libxml_clear_errors();
        libxml_use_internal_errors($previous);
        return new \DOMXPath($dom);
    }

    /**
     * What a browser posts for the rendered form as it stands (checked boxes, selected options, inputs).
     *
     * @return array<string,mixed>
     */
    private static function formPost(string $html): array
    {
        $xpath = self::dom($html);
        $pairs = [];
        foreach ($xpath->query('//input[@name]') as $input) {
            $type = strtolower($input->getAttribute('type'));
            if (($type === 'checkbox' || $type === 'radio') && !$input->hasAttribute('checked')) {
                continue;
            }
            $pairs[] = urlencode($input->getAttribute('name')) . '=' . urlencode($input->getAttribute('value'));
        }
        foreach ($xpath->query('//select[@name]') as $select) {
            $chosen = $xpath->query('.//option[@selected]', $select)->item(0) ?? $xpath->query('.//option', $select)->item(0);
            $pairs[] = urlencode($select->getAttribute('name')) . '=' . urlencode($chosen ? $chosen->getAttribute('value') : '');
        }
        parse_str(implode('&', $pairs), $post);
        return $post;
    }

    /**
     * The error paragraphs right after the control with this name.
     *
     * @return string[]
     */
    private static function errorsNextTo(string $html, string $name): array
    {
        $xpath = self::dom($html);
        $control = $xpath->query('//*[@name="' . $name . '"]')->item(0);
        self::assertNotNull($control, 'no control ' . $name);
        if ($control->parentNode instanceof \DOMElement && $control->parentNode->nodeName === 'label') {
            $control = $control->parentNode;
        }
        $out = [];
        for ($node = $control->nextSibling; $node !== null; $node = $node->nextSibling) {
            if ($node instanceof \DOMElement && $node->getAttribute('class') === 'exact-sidecar-field-error') {
                $out[] = $node->textContent;
            }
        }
        return $out;
    }

    /**
     * Renders the page for the full document and saves it back as the browser would, after $edit changed
     * the posted form. Returns the PUT body.
     *
     * @return array<string,mixed>
     */
    private function loadEditSave(callable $edit, int $putStatus = 200, array $putAnswer = []): array
    {
        $this->configure();
        $this->answerPageView(self::fullDoc());
        $post = self::formPost($this->render());
        $this->assertSame('1', $post[SettingsPage::REMOTE_MARKER] ?? null, 'the page offers the remote settings');
        $post = $edit($post);

        $this->transport->requests = [];
        $this->transport->answer(200, self::fullDoc());
        $this->transport->answer($putStatus, $putAnswer ?: self::fullDoc());
        $this->post($post);
        $this->page()->save();
        $put = $this->transport->requests[1];
        $this->assertSame('PUT', $put['method']);
        $this->assertSame(self::URL . '/api/v1/shop/settings', $put['url']);
        self::assertSignedBy(self::SECRET, $put);
        return json_decode($put['body'], true);
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

    private static function code(string $url): string
    {
        return 'EXS1-' . rtrim(strtr(base64_encode(json_encode(['u' => $url, 't' => 'tok123'])), '+/', '-_'), '=');
    }

    public function testAPairingCodeFillsInTheConnectionAtOnce(): void
    {
        $code = self::code('https://sidecar.example');
        $this->transport->answer(200, ['shop_id' => 'shp_paired01', 'secret' => 's3cr3t-paired', 'platform' => 'woocommerce', 'name' => 'Winkel']);
        $this->post(['exact_sidecar_pairing_code' => '  ' . $code . ' ', 'exact_sidecar_url' => 'https://typed.example',
            'exact_sidecar_shop_id' => 'typed', 'exact_sidecar_secret' => 'typed']);
        $this->assertSame([], $this->page()->save());
        [$request] = $this->transport->requests;
        $this->assertSame('POST', $request['method']);
        $this->assertSame('https://sidecar.example/api/v1/pair', $request['url']);
        $this->assertSame(['code' => $code], json_decode($request['body'], true));
        $this->assertArrayNotHasKey('X-Sidecar-Signature', $request['headers'], 'the one unsigned call');
        $this->assertSame('https://sidecar.example', get_option(Config::OPTION_URL));
        $this->assertSame('shp_paired01', get_option(Config::OPTION_SHOP_ID));
        $this->assertSame('s3cr3t-paired', get_option(Config::OPTION_SECRET));
    }

    public function testAPairingCodeIsOnlySentToAnHttpsSidecarAndItsRefusalIsSaid(): void
    {
        $this->post(['exact_sidecar_pairing_code' => self::code('http://sidecar.example')]);
        $problems = $this->page()->save();
        $this->assertStringContainsString('pairing needs an https:// sidecar', $problems[0]);
        $this->assertSame([], $this->transport->requests, 'nothing sent over plain http');

        $this->post(['exact_sidecar_pairing_code' => 'EXS1-garbage']);
        $this->assertStringContainsString('not a whole pairing code', $this->page()->save()[0]);

        $this->transport->answer(400, ['error' => ['code' => 'invalid_code', 'message' => 'This pairing code is unknown, used already or older than a day.']]);
        $this->post(['exact_sidecar_pairing_code' => self::code('https://sidecar.example')]);
        $problems = $this->page()->save();
        $this->assertStringContainsString('used already', $problems[0]);
        $this->assertSame('', (string) get_option(Config::OPTION_SECRET), 'nothing stored');
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

    public function testTheFullDocumentSurvivesLoadAndSaveUnchanged(): void
    {
        $body = $this->loadEditSave(static function (array $post): array {
            return $post;
        });
        $this->assertSame(self::fullDoc(), $body, 'every section, row and key comes back as it was, in order');
    }

    public function testEditsChangeOnlyTheEditedParts(): void
    {
        $body = $this->loadEditSave(static function (array $post): array {
            $form = &$post[SettingsForm::FIELD];
            $form['trigger_statuses'][] = 'on-hold';
            $form['document']['type'] = 'direct_invoice';   // hides process / e-mail; needs a warehouse
            $form['document']['warehouse'] = '1';
            $form['vat']['1'] = ' 9';                       // Exact codes are trimmed
            $form['vat']['2'] = '';                         // not mapped any more: the row goes
            $form['payment']['bacs']['journal'] = '';
            $form['payment']['mollie_wc_gateway_ideal'] = ['exact' => '14', 'journal' => '20'];
            $form['shipping']['local_pickup'] = 'PICKUP';
            return $post;
        });

        $expected = self::fullDoc();
        $expected['trigger_statuses'] = ['processing', 'completed', 'exported', 'on-hold'];
        // Direct invoices are processed like sales invoices: the tick carries over.
        $expected['document'] = ['type' => 'direct_invoice', 'journal' => '70', 'process' => true,
            'email_customer' => false, 'warehouse' => '1'];
        $expected['vat']['rates'] = [
            ['shop_rate' => '1', 'country' => null, 'percent' => null, 'exact' => '9'],
            ['shop_rate' => null, 'country' => 'BE', 'percent' => '21.0000', 'exact' => 'OBE'],
            ['shop_rate' => '99', 'country' => null, 'percent' => null, 'exact' => '0'],
        ];
        $expected['payment']['methods'] = [
            ['shop' => 'legacy_gateway', 'exact' => '30', 'journal' => null],
            ['shop' => 'bacs', 'exact' => '00', 'journal' => null],
            ['shop' => 'mollie_wc_gateway_ideal', 'exact' => '14', 'journal' => '20'],
        ];
        $expected['shipping']['methods'][] = ['shop' => 'local_pickup', 'exact' => 'PICKUP'];
        $this->assertSame($expected, $body);
    }

    public function testEverySettingOfEverySectionHasItsControlAndLabel(): void
    {
        $this->configure();
        $this->answerPageView(self::fullDoc());
        $html = $this->render();
        $xpath = self::dom($html);
        foreach (SettingsSections::sections() as $section => [$title, , $fields]) {
            $this->assertSame(1, $xpath->query('//h3[@id="exact-sidecar-section-' . $section . '"]')->length, $section);
            foreach ($fields as $path => [$kind, $label]) {
                $name = SettingsForm::FIELD . '[s][' . $path . ']';
                $control = $xpath->query('//*[@name="' . $name . '"]')->item(0);
                $this->assertNotNull($control, 'no control for ' . $path);
                $for = $xpath->query('//label[@for="' . $control->getAttribute('id') . '"]')->item(0);
                $this->assertNotNull($for, 'no label for ' . $path);
                $this->assertSame($label, $for->textContent);
            }
        }
        // Exact's own lists are the choices: G/L accounts by code and description, a stored code Exact no
        // longer lists stays selectable.
        $this->assertStringContainsString(
            '<select name="exact_sidecar_doc[s][revenue.domestic]" id="exact_sidecar_revenue_domestic">'
                . '<option value="">— none —</option><option value="8000" selected="selected">8000 - Omzet</option>',
            $html
        );
        $this->assertStringContainsString('<option value="8100" selected="selected">8100 (?)</option>', $html);
        // A section the document lacks shows the sidecar's default.
        $this->assertStringContainsString(
            'name="exact_sidecar_doc[s][pushback.enabled]" value="1" checked="checked"',
            $html
        );
        $this->assertStringContainsString('<option value="flag" selected="selected">', $html);
    }

    public function testSectionSettingsAreSavedIntoTheirPlaces(): void
    {
        $body = $this->loadEditSave(static function (array $post): array {
            $s = &$post[SettingsForm::FIELD]['s'];
            $s['revenue.domestic'] = '8000';
            $s['revenue.home_country'] = 'be';
            unset($s['customers.update_existing']);        // unticked: a box posts nothing
            $s['customers.mode'] = 'default_debtor';
            $s['customers.default_debtor'] = ' 1000 ';
            $s['items.no_sku_item'] = 'DIVERSEN';
            $s['rounding.tolerance'] = '0,03';              // a Dutch decimal comma
            $s['rounding.gl_account'] = '';                 // none: null
            $s['refunds.cancelled'] = 'credit';             // a section the document lacked
            $s['pushback.poll_minutes'] = '15';
            $s['free_fields.remarks'] = '';
            return $post;
        });
        $expected = self::fullDoc();
        $expected['revenue']['domestic'] = '8000';
        $expected['revenue']['home_country'] = 'BE';
        $expected['customers']['update_existing'] = false;
        $expected['customers']['mode'] = 'default_debtor';
        $expected['customers']['default_debtor'] = '1000';
        $expected['items']['no_sku_item'] = 'DIVERSEN';
        $expected['rounding']['tolerance'] = '0.03';
        $expected['rounding']['gl_account'] = null;
        $expected['free_fields']['remarks'] = '';
        $expected['pushback'] = ['poll_minutes' => 15];
        $expected['refunds'] = ['cancelled' => 'credit'];
        $this->assertSame($expected, $body, 'only the edited keys change; defaults left alone are not written');
    }

    public function testRowsByCountryAreEditedAddedAndRemoved(): void
    {
        $this->configure();
        $this->answerPageView(self::fullDoc());
        $html = $this->render();
        $field = SettingsForm::FIELD . '[r][customers.new_account.countries]';
        $this->assertStringContainsString('name="' . $field . '[0][country]" value="BE"', $html, 'the stored row');
        $this->assertStringContainsString('name="' . $field . '[2][country]" value=""', $html, 'and two to add');
        $this->assertStringContainsString('<option value="OBE" selected="selected">OBE (?)</option>', $html);

        $body = $this->loadEditSave(static function (array $post): array {
            $rows = &$post[SettingsForm::FIELD]['r'];
            $rows['customers.new_account.countries'][0]['payment_condition'] = '00';
            $rows['customers.new_account.countries'][1] = ['country' => 'de', 'vat_code' => '', 'payment_condition' => '14', 'gl_account' => ''];
            $rows['revenue.countries'][0] = ['country' => 'FR', 'gl_account' => '8000'];
            return $post;
        });
        $this->assertSame([
            ['country' => 'BE', 'vat_code' => 'OBE', 'payment_condition' => '00', 'gl_account' => null],
            ['country' => 'DE', 'vat_code' => null, 'payment_condition' => '14', 'gl_account' => null],
        ], $body['customers']['new_account']['countries']);
        // keys the form does not show stay as the stored row had them
        $this->assertSame(
            [['country' => 'FR', 'vat_code' => null, 'payment_condition' => null, 'gl_account' => '8000']],
            $body['revenue']['countries']
        );

        $body = $this->loadEditSave(static function (array $post): array {
            $post[SettingsForm::FIELD]['r']['customers.new_account.countries'][0] =
                ['country' => '', 'vat_code' => '', 'payment_condition' => '', 'gl_account' => ''];
            return $post;
        });
        $this->assertSame([], $body['customers']['new_account']['countries'], 'an emptied row goes');
    }

    public function testAProposalIsShownInTheFormWithItsReasonsUntilSaved(): void
    {
        $doc = self::fullDoc();
        $doc['revenue']['domestic'] = '8010';
        set_transient(SettingsPage::stashKey(), [
            'form' => SettingsForm::formValues($doc),
            'errors' => [],
            'unplaced' => [],
            'proposal' => [
                'proposed' => [['setting' => 'revenue.domestic', 'value' => '8010', 'why' => "the revenue account: 8010 'Omzet laag'"]],
                'missing' => [['setting' => 'vat.rates', 'shop' => '4', 'why' => 'no VAT code found; create one.', 'required' => true]],
            ],
        ], 600);
        $this->configure();
        $this->answerPageView(self::fullDoc());
        $html = $this->render();
        $this->assertStringContainsString('Proposed by the sidecar, not saved yet', $html);
        $this->assertStringContainsString("Revenue account, home country: the revenue account: 8010 &#039;Omzet laag&#039;", $html);
        $this->assertStringContainsString('<li class="exact-sidecar-required">vat.rates (4): no VAT code found; create one. <em>(needed before the first order)</em></li>', $html);
        $this->assertStringContainsString('<option value="8010" selected="selected">8010 (?)</option>', $html, 'the proposed value is in the form');
        $this->assertStringContainsString('action=exact_sidecar_propose', $html, 'the button');
        // shown once: the next view is the saved document again
        $this->answerPageView(self::fullDoc());
        $this->assertStringNotContainsString('Proposed by the sidecar', $this->render());
    }

    public function testAnUnknownChoiceIsReportedAndTheValueKept(): void
    {
        $body = $this->loadEditSave(static function (array $post): array {
            $post[SettingsForm::FIELD]['s']['discounts.mode'] = 'half_price';
            return $post;
        });
        $this->assertSame(self::fullDoc()['discounts'], $body['discounts']);
        $this->assertStringContainsString('Unknown choice "half_price" for "Book discounts" ignored.', implode(' ', \WC_Admin_Settings::$errors));
    }

    public function testRenderShowsTheDocumentWithExactChoicesByCodeAndDescription(): void
    {
        $this->configure();
        $this->answerPageView(self::fullDoc());
        $html = $this->render();
        $this->assertStringContainsString('Connected to Exact Online division 123456 Demo BV', $html);
        $this->assertStringContainsString('value="processing" checked="checked"', $html);
        $this->assertStringContainsString('value="on-hold" />', $html);
        $this->assertStringContainsString('value="exported" checked="checked" /> exported', $html, 'a status the shop no longer lists is kept');
        $this->assertStringContainsString('<option value="sales_invoice" selected="selected">', $html);
        $this->assertStringContainsString('<option value="70" selected="selected">70 - Verkoopboek</option>', $html, 'padded codes are trimmed');
        $this->assertStringNotContainsString('Memoriaal', $html, 'only sales journals for the document, bank and cash for payments');
        $this->assertStringContainsString('id="exact_sidecar_document_process" name="exact_sidecar_doc[document][process]" value="1" checked="checked"', $html);
        $this->assertStringContainsString('<option value="21" selected="selected">21 - BTW hoog</option>', $html);
        $this->assertStringContainsString('<option value="9" selected="selected">9 - BTW laag</option>', $html);
        $this->assertStringContainsString('<option value="00" selected="selected">00 - Direct</option>', $html);
        $this->assertStringContainsString('<option value="20" selected="selected">20 - Bank</option>', $html);
        $this->assertStringContainsString('<option value="10">10 - Kas</option>', $html);
        $this->assertStringContainsString('<option value="POST" selected="selected">POST - PostNL</option>', $html);
        $this->assertStringNotContainsString('Oude vervoerder', $html, 'inactive shipping methods are not offered');
        $this->assertStringContainsString('<option value="1">1 - Hoofdmagazijn</option>', $html);
        $this->assertStringContainsString('Rows kept as they are (by country, or for values this shop does not list): 2.', $html, 'VAT rows by country and for unknown rates');
        $this->assertStringContainsString('does not list): 1.', $html);
        foreach ($this->transport->requests as $request) {
            $this->assertSame('GET', $request['method']);
            self::assertSignedBy(self::SECRET, $request);
        }
    }

    public function testDocumentFieldsAreShownAsTheyApplyToTheType(): void
    {
        $this->configure();
        $doc = self::fullDoc();
        $doc['document'] = ['type' => 'sales_order', 'journal' => null, 'process' => false, 'email_customer' => false, 'warehouse' => null];
        $this->answerPageView($doc);
        $xpath = self::dom($this->render());
        $visible = [];
        foreach ($xpath->query('//tr[@class="exact-sidecar-document-field"]') as $row) {
            $field = substr((string) $xpath->query('.//label/@for', $row)->item(0)->nodeValue, strlen('exact_sidecar_document_'));
            $visible[$field] = strpos($row->getAttribute('style'), 'display:none') === false;
            $this->assertSame(implode(' ', SettingsForm::APPLIES[$field]), $row->getAttribute('data-types'));
        }
        $this->assertSame(['journal' => false, 'process' => false, 'email_customer' => false, 'warehouse' => false], $visible);

        $this->transport->requests = [];
        $doc['document'] = ['type' => 'direct_invoice', 'journal' => '70', 'process' => false, 'email_customer' => false, 'warehouse' => '1'];
        $this->answerPageView($doc);
        $html = $this->render();
        $this->assertMatchesRegularExpression('/<tr class="exact-sidecar-document-field" data-types="[^"]*direct_invoice[^"]*"><th scope="row"><label for="exact_sidecar_document_journal">/', $html);
        $this->assertMatchesRegularExpression('/data-types="direct_invoice"><th scope="row"><label for="exact_sidecar_document_warehouse">/', $html);
        $this->assertMatchesRegularExpression('/data-types="sales_invoice direct_invoice"><th scope="row"><label for="exact_sidecar_document_process">/', $html);
    }

    public function testProcessingIsOnlySentForSalesInvoices(): void
    {
        $current = self::fullDoc();
        $form = SettingsForm::formValues($current);
        $form['document']['type'] = 'sales_entry';
        [$doc] = SettingsForm::documentFromPost([SettingsForm::FIELD => $form], $current, ['processing' => 'Processing'], []);
        $this->assertFalse($doc['document']['process'], 'a hidden tick left from the invoice choice');

        $form['document'] = ['type' => 'sales_invoice', 'journal' => '70', 'email_customer' => '1'];
        [$doc] = SettingsForm::documentFromPost([SettingsForm::FIELD => $form], $current, [], []);
        $this->assertSame(['type' => 'sales_invoice', 'journal' => '70', 'process' => false, 'email_customer' => true,
            'warehouse' => null], $doc['document'], 'e-mail without processing is the sidecar\'s to refuse, next to the field');
    }

    public function testSidecarFieldErrorsAreShownNextToTheFieldsAndTheInputIsKept(): void
    {
        $errors = [
            'trigger_statuses[3]' => ['Not a status slug.'],
            'document.warehouse' => ['Direct invoices need the warehouse the goods leave from.'],
            'vat.rates[0].exact' => ['Length must be between 1 and 60.'],
            'vat.rates[1].country' => ['Use a two-letter country code such as NL.'],
            'payment.methods[1].journal' => ['Unknown journal.'],
            'payment.methods[2].exact' => ['Field may not be null.'],
            'shipping.methods[2].exact' => ['Unknown shipping method.'],
            'customers.match_meta_key' => ['Name the order meta key that holds the value to match on.'],
        ];
        $this->loadEditSave(static function (array $post): array {
            $form = &$post[SettingsForm::FIELD];
            $form['trigger_statuses'][] = 'on-hold';
            $form['document']['type'] = 'direct_invoice';
            $form['document']['warehouse'] = '';
            $form['payment']['mollie_wc_gateway_ideal'] = ['exact' => '', 'journal' => '10'];
            $form['shipping']['local_pickup'] = 'NOPE';
            return $post;
        }, 400, ['error' => ['code' => 'invalid', 'message' => 'The settings are not valid.', 'fields' => $errors]]);
        $this->assertStringContainsString('next to the fields', (string) end(\WC_Admin_Settings::$errors));

        // The next page view shows what was entered, with each error next to its field.
        $this->transport->requests = [];
        $this->answerPageView(self::fullDoc());
        $html = $this->render();
        $field = SettingsForm::FIELD;
        $this->assertSame(['Direct invoices need the warehouse the goods leave from.'], self::errorsNextTo($html, $field . '[document][warehouse]'));
        $this->assertSame(['Length must be between 1 and 60.'], self::errorsNextTo($html, $field . '[vat][1]'));
        $this->assertSame([], self::errorsNextTo($html, $field . '[vat][2]'));
        $this->assertSame(['Unknown journal.'], self::errorsNextTo($html, $field . '[payment][bacs][journal]'));
        $this->assertSame(['Field may not be null.'], self::errorsNextTo($html, $field . '[payment][mollie_wc_gateway_ideal][exact]'));
        $this->assertSame(['Unknown shipping method.'], self::errorsNextTo($html, $field . '[shipping][local_pickup]'));
        $this->assertStringContainsString('Not a status slug.</p></td>', $html);
        $this->assertSame(
            ['Name the order meta key that holds the value to match on.'],
            self::errorsNextTo($html, $field . '[s][customers.match_meta_key]'),
            'a section field has its error beside it'
        );
        $this->assertStringNotContainsString('customers.match_meta_key:', $html, 'and not at the top');
        $this->assertStringContainsString('vat.rates[1].country: Use a two-letter country code', $html, 'so are errors of rows the page does not show');

        $this->assertStringContainsString('<option value="direct_invoice" selected="selected">', $html, 'the entered values are shown');
        $this->assertStringContainsString('<option value="NOPE" selected="selected">NOPE (?)</option>', $html);
        $this->assertStringContainsString('value="on-hold" checked="checked"', $html);

        // Shown once: the next view reads the sidecar's document again.
        $this->transport->requests = [];
        $this->answerPageView(self::fullDoc());
        $this->assertStringNotContainsString('exact-sidecar-field-error', $this->render());
    }

    public function testErrorPathsAreMappedToFormFields(): void
    {
        $places = ['vat.rates[0]' => 'vat.1', 'payment.methods[1]' => 'payment.bacs', 'shipping.methods[2]' => 'shipping.local_pickup'];
        $cases = [
            'trigger_statuses' => 'trigger_statuses',
            'trigger_statuses[2]' => 'trigger_statuses',
            'document' => 'document.type',
            'document.type' => 'document.type',
            'document.journal' => 'document.journal',
            'document.process' => 'document.process',
            'document.email_customer' => 'document.email_customer',
            'document.warehouse' => 'document.warehouse',
            'vat.rates[0].exact' => 'vat.1',
            'vat.rates[0].shop_rate' => 'vat.1',
            'vat.rates[0]' => 'vat.1',
            'vat.rates[1].exact' => null,
            'vat.reverse_charge' => 'vat.reverse_charge',
            'payment.methods[1].exact' => 'payment.bacs.exact',
            'payment.methods[1].journal' => 'payment.bacs.journal',
            'payment.methods[1].shop' => 'payment.bacs.exact',
            'payment.methods[0].exact' => null,
            'payment.default_condition' => 'payment.default_condition',
            'shipping.methods[2].exact' => 'shipping.local_pickup',
            'shipping.methods[10].exact' => null,
            'customers.default_debtor' => 'customers.default_debtor',
            'customers.new_account.classification' => 'customers.new_account.classification',
            'rounding.tolerance' => 'rounding.tolerance',
            'revenue.countries[0].gl_account' => 'revenue.countries',
            'customers.new_account.countries[1]' => 'customers.new_account.countries',
            'dimensions.rules[0].cost_center' => null,
            '$' => null,
            'document.journalx' => null,
        ];
        foreach ($cases as $path => $key) {
            $this->assertSame($key, SettingsForm::formKeyFor($path, $places), $path);
        }
        [$placed, $unplaced] = SettingsForm::placeErrors(
            ['vat.rates[0].exact' => ['a'], 'vat.rates[0].shop_rate' => ['b'], 'free_fields.meta[0].field' => ['c']],
            $places
        );
        $this->assertSame(['vat.1' => ['a', 'b']], $placed);
        $this->assertSame(['free_fields.meta[0].field' => ['c']], $unplaced);
    }

    public function testRowPlacesFollowTheSentDocument(): void
    {
        $current = self::fullDoc();
        $form = SettingsForm::formValues($current);
        unset($form['vat']['99'], $form['payment']['legacy_gateway'], $form['shipping']['dhl_express']); // not listed by the shop
        $form['vat']['2'] = '';
        $form['payment']['mollie_wc_gateway_ideal'] = ['exact' => '14', 'journal' => ''];
        $lists = (new FakeShopLists());
        [$doc, $problems, $places] = SettingsForm::documentFromPost(
            [SettingsForm::FIELD => $form],
            $current,
            $lists->orderStatuses(),
            ['vat' => $lists->taxRates(), 'payment' => $lists->gateways(), 'shipping' => $lists->shippingMethods()]
        );
        $this->assertSame([], $problems);
        $this->assertSame([
            'vat.rates[0]' => 'vat.1',
            'payment.methods[1]' => 'payment.bacs',
            'payment.methods[2]' => 'payment.mollie_wc_gateway_ideal',
            'shipping.methods[0]' => 'shipping.flat_rate',
        ], $places);
        $this->assertSame('99', $doc['vat']['rates'][2]['shop_rate']);
    }

    public function testUnknownFormValuesAreDroppedAndReported(): void
    {
        $current = self::fullDoc();
        [$doc, $problems] = SettingsForm::documentFromPost(
            [SettingsForm::FIELD => [
                'trigger_statuses' => ['processing', 'hacked', 'exported'],
                'document' => ['type' => 'free_money', 'journal' => '70', 'process' => '1'],
                'vat' => ['77' => '21', '1' => '<b>21</b>'],
                'payment' => ['evil' => ['exact' => '00']],
            ]],
            $current,
            ['processing' => 'Processing'],
            ['vat' => ['1' => 'NL 21%'], 'payment' => [], 'shipping' => []]
        );
        $this->assertSame(['processing', 'exported'], $doc['trigger_statuses'], 'a status the document had stays allowed');
        $this->assertSame('sales_invoice', $doc['document']['type']);
        $this->assertTrue($doc['document']['process']);
        $this->assertSame('21', $doc['vat']['rates'][0]['exact'], 'posted text is sanitised');
        $this->assertCount(4, $doc['vat']['rates']);
        $this->assertSame($current['payment'], $doc['payment']);
        $this->assertSame($current['shipping'], $doc['shipping'], 'a table the form did not post is untouched');
        $this->assertCount(4, $problems);
    }

    public function testExactOptionsAreParsedByCodeAndDescription(): void
    {
        $this->assertSame(
            ['21' => '21 - BTW hoog', '9' => '9 - BTW laag', '0' => '0 - BTW 0%'],
            SettingsForm::exactChoices(self::options()['vat_codes'])
        );
        $this->assertSame(['8000' => '8000 - Omzet'], SettingsForm::exactChoices(self::options()['gl_accounts']));
        $this->assertSame(['123456' => '123456 - Demo BV'], SettingsForm::exactChoices(self::options()['divisions']));
        $this->assertSame(
            ['POST' => 'POST - PostNL', 'PICKUP' => 'PICKUP - Afhalen'],
            SettingsForm::exactChoices(self::options()['shipping_methods'])
        );
        $this->assertSame(
            ['X' => 'X', 'Y' => 'Y - Why'],
            SettingsForm::exactChoices([
                ['Code' => ' X ', 'Description' => ''],
                ['Code' => '   ', 'Description' => 'blank code'],
                ['Description' => 'no code'],
                ['code' => 'lower', 'description' => 'not the sidecar\'s shape'],
                'plain string',
                null,
                ['Code' => 'Y', 'Description' => ' Why '],
                ['Code' => 'Y', 'Description' => 'duplicate'],
            ])
        );
        $this->assertSame([], SettingsForm::exactChoices(null));
        $journals = self::options()['journals'];
        $this->assertSame(['70' => '70 - Verkoopboek'], SettingsForm::journalChoices($journals, SettingsForm::SALES_JOURNALS));
        $this->assertSame(['20' => '20 - Bank', '10' => '10 - Kas'], SettingsForm::journalChoices($journals, SettingsForm::PAYMENT_JOURNALS));
        $this->assertSame(['5' => '5 - Untyped'], SettingsForm::journalChoices([['Code' => '5', 'Description' => 'Untyped']], [20]));
    }

    public function testWithoutExactOptionsTheStoredValuesAreKept(): void
    {
        $this->configure();
        $this->transport->answer(200, ['name' => 'Demo', 'exact' => ['connected' => false]]);
        $this->transport->answer(200, self::fullDoc());
        $this->transport->answer(409, ['error' => ['code' => 'not_connected', 'message' => 'Connect first.']]);
        $this->transport->answer(404, ['error' => ['code' => 'not_found', 'message' => 'No route']]);
        $html = $this->render();
        $this->assertStringContainsString('Not connected to Exact Online.', $html);
        $this->assertStringContainsString('No choices from Exact Online yet', $html);
        $this->assertStringContainsString('<option value="70" selected="selected">70 (?)</option>', $html);
        $this->assertStringContainsString('<option value="21" selected="selected">21 (?)</option>', $html);

        $post = self::formPost($html);
        [$doc] = SettingsForm::documentFromPost($post, self::fullDoc(), (new FakeShopLists())->orderStatuses(), [
            'vat' => (new FakeShopLists())->taxRates(),
            'payment' => (new FakeShopLists())->gateways(),
            'shipping' => (new FakeShopLists())->shippingMethods(),
        ]);
        $this->assertSame(self::fullDoc(), $doc);
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
