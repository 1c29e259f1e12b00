<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\Model\Settings;

use ExactSidecar\Connector\Model\Admin\BackendAdminUser;
use ExactSidecar\Connector\Model\Admin\SidecarAdmin;
use ExactSidecar\Connector\Model\Config;
use ExactSidecar\Connector\Model\Config\Validator;
use ExactSidecar\Connector\Model\Settings\ProposalStore;
use ExactSidecar\Connector\Model\Settings\PushState;
use ExactSidecar\Connector\Model\Settings\SettingsDocument;
use ExactSidecar\Connector\Model\Settings\SettingsPusher;
use ExactSidecar\Connector\Model\Settings\Sections;
use ExactSidecar\Connector\Model\Settings\SettingsView;
use ExactSidecar\Connector\Observer\Adminhtml\PushSettingsObserver;
use ExactSidecar\Connector\Test\Support\FakeTransport;
use ExactSidecar\Connector\Test\Support\FixedAdminUser;
use ExactSidecar\Connector\Test\Support\Kit;
use ExactSidecar\Connector\Test\Support\MemoryFlagManager;
use ExactSidecar\Connector\Test\Support\RecordingMessages;
use Magento\Backend\Model\Auth\Session;
use Magento\Framework\DataObject;
use Magento\Framework\Event;
use Magento\Framework\Event\Observer;
use PHPUnit\Framework\TestCase;

class SettingsTest extends TestCase
{
    /** @var Kit */
    private $kit;

    /** @var RecordingMessages */
    private $messages;

    /** @var PushSettingsObserver */
    private $observer;

    /** @var PushState */
    private $state;

    /** @var ProposalStore */
    private $proposals;

    /** @var FixedAdminUser */
    private $admin;

    /** @var MemoryFlagManager */
    private $proposalFlags;

    protected function setUp(): void
    {
        $this->kit = new Kit();
        $this->messages = new RecordingMessages();
        $this->state = new PushState(new MemoryFlagManager());
        $this->admin = new FixedAdminUser(1);
        $this->proposalFlags = new MemoryFlagManager();
        $this->proposals = new ProposalStore($this->proposalFlags, $this->admin);
        $pusher = new SettingsPusher(
            $this->kit->config,
            new SidecarAdmin($this->kit->client),
            new SettingsDocument($this->kit->config),
            $this->state
        );
        $this->observer = new PushSettingsObserver($pusher, $this->messages, $this->kit->logger);
    }

    /**
     * The sidecar's complete document (GET /api/v1/shop/settings), every section filled in.
     *
     * @return array<string, mixed>
     */
    private static function fullDoc(): array
    {
        return json_decode((string) file_get_contents(dirname(__DIR__, 3) . '/fixtures/settings-document.json'), true);
    }

    /**
     * Stores field values the way Magento's config save does: multiselect comma-separated, dynamic rows as JSON
     * (ArraySerialized), everything else as text.
     *
     * @param array<string, mixed> $values configuration path => value
     */
    private function store(array $values): void
    {
        foreach ($values as $path => $value) {
            if ($path === Config::XML_PATH_TRIGGER_STATUSES) {
                $value = implode(',', $value);
            } elseif (is_array($value)) {
                $value = json_encode($value);
            }
            $this->kit->scopeConfig->values[$path] = $value;
        }
    }

    private function view(): SettingsView
    {
        return new SettingsView(new SidecarAdmin($this->kit->client), $this->state, $this->proposals);
    }

    private function save(): void
    {
        $this->observer->execute(new Observer(['event' => new Event([])]));
    }

    /**
     * Shows the full document in the page (as the fields' frontend models do), lets $edit change the field values,
     * stores them as Magento does, saves, and returns the PUT body.
     *
     * @return array<string, mixed>
     */
    private function loadEditSave(callable $edit, int $putStatus = 200, array $putAnswer = []): array
    {
        $this->kit->transport->queue[] = FakeTransport::json(200, self::fullDoc());
        $view = $this->view();
        $shown = [];
        foreach (array_keys(SettingsDocument::fieldValues([])) as $path) {
            $shown[$path] = $view->value($path);
        }
        $this->assertCount(1, $this->kit->transport->requests, 'the document is read once per page view');
        $this->store($edit($shown));

        $this->kit->transport->requests = [];
        $this->kit->transport->queue[] = FakeTransport::json(200, self::fullDoc());
        $this->kit->transport->queue[] = FakeTransport::json($putStatus, $putAnswer ?: self::fullDoc());
        $this->save();
        $put = $this->kit->transport->requests[1];
        $this->assertSame('PUT', $put['method']);
        $this->assertSame('https://sidecar.example.test/api/v1/shop/settings', $put['url']);
        return json_decode($put['body'], true);
    }

    public function testThePageShowsTheSidecarsDocument(): void
    {
        $values = SettingsDocument::fieldValues(self::fullDoc());
        $sections = array_intersect_key($values, array_flip(array_column(Sections::FIELDS, 0)));
        $values = array_diff_key($values, $sections);
        $this->assertSame('8000', $sections['exact_sidecar/revenue/domestic']);
        $this->assertSame('vat_number', $sections['exact_sidecar/customers/match']);
        $this->assertSame('1', $sections['exact_sidecar/customers/update_existing']);
        $this->assertSame('', $sections['exact_sidecar/customers/default_debtor'], 'null is empty');
        $this->assertSame(
            '1',
            $sections['exact_sidecar/status_back/enabled'],
            'a section the document lacks: its default'
        );
        $this->assertSame('flag', $sections['exact_sidecar/refunds/cancelled']);
        $this->assertCount(count(Sections::FIELDS), $sections, 'every section field has its value');
        $this->assertSame([
            Config::XML_PATH_TRIGGER_STATUSES => ['processing', 'complete', 'exported'],
            Config::XML_PATH_DOCUMENT_TYPE => 'sales_invoice',
            Config::XML_PATH_DOCUMENT_JOURNAL => '70',
            Config::XML_PATH_DOCUMENT_PROCESS => '1',
            Config::XML_PATH_DOCUMENT_EMAIL => '0',
            Config::XML_PATH_DOCUMENT_WAREHOUSE => '',
            Config::XML_PATH_MAP_VAT => [
                '_0' => ['magento' => 'NL-21', 'exact' => '21'],
                '_1' => ['magento' => 'NL-9', 'exact' => '9'],
                '_2' => ['magento' => 'OLD-RATE', 'exact' => '0'],
            ],
            Config::XML_PATH_MAP_PAYMENT => [
                '_0' => ['magento' => 'legacy_method', 'exact' => '30', 'journal' => ''],
                '_1' => ['magento' => 'banktransfer', 'exact' => '00', 'journal' => '20'],
            ],
            Config::XML_PATH_MAP_SHIPPING => [
                '_0' => ['magento' => 'flatrate', 'exact' => 'POST'],
                '_1' => ['magento' => 'tablerate', 'exact' => 'DHL'],
            ],
        ], $values, 'VAT rows by country and percentage are not in the table');
    }

    public function testTheFullDocumentSurvivesLoadAndSaveUnchanged(): void
    {
        $body = $this->loadEditSave(static function (array $values): array {
            return $values;
        });
        $this->assertSame(self::fullDoc(), $body, 'every section, row and key comes back as it was, in order');
        $this->assertSame([['success', 'The settings were saved in the sidecar.']], $this->messages->messages);
    }

    public function testEditsChangeOnlyTheEditedParts(): void
    {
        $body = $this->loadEditSave(static function (array $values): array {
            $values[Config::XML_PATH_TRIGGER_STATUSES][] = 'holded';
            $values[Config::XML_PATH_DOCUMENT_TYPE] = 'direct_invoice';     // process / e-mail no longer apply
            $values[Config::XML_PATH_DOCUMENT_WAREHOUSE] = ' 1 ';
            $values[Config::XML_PATH_MAP_VAT]['_0']['exact'] = ' 9';        // Exact codes are trimmed
            unset($values[Config::XML_PATH_MAP_VAT]['_1']);                  // row deleted
            $values[Config::XML_PATH_MAP_PAYMENT]['_1']['journal'] = '';
            $values[Config::XML_PATH_MAP_PAYMENT]['_9'] = ['magento' => 'checkmo', 'exact' => '14', 'journal' => '10'];
            $values[Config::XML_PATH_MAP_SHIPPING]['_1']['exact'] = 'PICKUP';
            $values[Config::XML_PATH_MAP_SHIPPING]['_2'] = ['magento' => 'freeshipping', 'exact' => ''];  // incomplete
            return $values;
        });

        $expected = self::fullDoc();
        $expected['trigger_statuses'][] = 'holded';
        // Direct invoices are processed like sales invoices: the tick carries over.
        $expected['document'] = ['type' => 'direct_invoice', 'journal' => '70', 'process' => true,
            'email_customer' => false, 'warehouse' => '1'];
        $expected['vat']['rates'] = [
            ['shop_rate' => 'NL-21', 'country' => null, 'percent' => null, 'exact' => '9'],
            ['shop_rate' => null, 'country' => 'BE', 'percent' => '21.0000', 'exact' => 'OBE'],
            ['shop_rate' => 'OLD-RATE', 'country' => null, 'percent' => null, 'exact' => '0'],
        ];
        $expected['payment']['methods'] = [
            ['shop' => 'legacy_method', 'exact' => '30', 'journal' => null],
            ['shop' => 'banktransfer', 'exact' => '00', 'journal' => null],
            ['shop' => 'checkmo', 'exact' => '14', 'journal' => '10'],
        ];
        $expected['shipping']['methods'][1]['exact'] = 'PICKUP';
        $this->assertSame($expected, $body);
    }

    public function testVatRowsByCountryKeepTheirPlaceWhenRowsAreAddedOrRemoved(): void
    {
        $this->store([Config::XML_PATH_MAP_VAT => [
            '_a' => ['magento' => 'NL-21', 'exact' => '21'],
            '_b' => ['magento' => 'NL-9', 'exact' => '9'],
            '_c' => ['magento' => 'OLD-RATE', 'exact' => '0'],
            '_d' => ['magento' => 'DE-19', 'exact' => '19'],
        ]]);
        [$document, $places] = (new SettingsDocument($this->kit->config))->build(self::fullDoc());
        $this->assertSame(
            ['NL-21', null, 'NL-9', 'OLD-RATE', 'DE-19'],
            array_column($document['vat']['rates'], 'shop_rate')
        );
        $this->assertSame(
            [Config::XML_PATH_MAP_VAT, 'DE-19'],
            $places['vat.rates[4]']
        );
        $this->assertArrayNotHasKey('vat.rates[1]', $places, 'the row by country is not in the table');

        $this->store([Config::XML_PATH_MAP_VAT => ['_a' => ['magento' => 'NL-9', 'exact' => '9']]]);
        $document = (new SettingsDocument($this->kit->config))->merge(self::fullDoc());
        $this->assertSame(['NL-9', null], array_column($document['vat']['rates'], 'shop_rate'));
    }

    public function testProcessingIsOnlySentForSalesInvoices(): void
    {
        $this->store(SettingsDocument::fieldValues(self::fullDoc()));
        $this->kit->scopeConfig->values[Config::XML_PATH_DOCUMENT_TYPE] = 'sales_entry';
        $this->kit->scopeConfig->values[Config::XML_PATH_DOCUMENT_EMAIL] = '1';
        $document = (new SettingsDocument($this->kit->config))->merge(self::fullDoc());
        $this->assertFalse($document['document']['process'], 'a value kept from when the type was an invoice');
        $this->assertFalse($document['document']['email_customer']);

        $this->kit->scopeConfig->values[Config::XML_PATH_DOCUMENT_TYPE] = 'sales_invoice';
        $this->kit->scopeConfig->values[Config::XML_PATH_DOCUMENT_PROCESS] = '0';
        $document = (new SettingsDocument($this->kit->config))->merge(self::fullDoc());
        $this->assertSame(
            ['type' => 'sales_invoice', 'journal' => '70', 'process' => false, 'email_customer' => true,
                'warehouse' => null],
            $document['document'],
            'e-mail without processing is the sidecar\'s to refuse, next to the field'
        );

        $this->kit->scopeConfig->values[Config::XML_PATH_DOCUMENT_TYPE] = '';
        $document = (new SettingsDocument($this->kit->config))->merge(self::fullDoc());
        $this->assertSame('sales_invoice', $document['document']['type'], 'no stored type keeps the sidecar\'s');
    }

    public function testFieldErrorsAreShownNextToTheirFieldsAndTheRestAtTheTop(): void
    {
        $errors = [
            'trigger_statuses[3]' => ['Not a status slug.'],
            'document.warehouse' => ['Direct invoices need the warehouse the goods leave from.'],
            'vat.rates[0].exact' => ['Length must be between 1 and 60.'],
            'vat.rates[1].country' => ['Use a two-letter country code such as NL.'],
            'payment.methods[1].journal' => ['Unknown journal.'],
            'shipping.methods[0].exact' => ['Unknown shipping method.'],
            'customers.match_meta_key' => ['Name the order meta key that holds the value to match on.'],
        ];
        $this->loadEditSave(static function (array $values): array {
            $values[Config::XML_PATH_DOCUMENT_TYPE] = 'direct_invoice';
            $values[Config::XML_PATH_TRIGGER_STATUSES][] = 'Bad Status';
            return $values;
        }, 400, ['error' => [
            'code' => 'invalid',
            'message' => 'The request has invalid fields.',
            'fields' => $errors,
        ]]);

        $this->assertSame([
            ['error', 'Saved in Magento, but the sidecar refused the settings: The sidecar answered 400: '
                . 'The request has invalid fields. See the messages next to the fields.'],
            ['error', 'vat.rates[1].country: Use a two-letter country code such as NL.'],
        ], $this->messages->messages, 'a section field\'s error is beside it, not at the top');

        // The next page view shows what was typed (Magento's values), with the errors under their fields.
        $this->kit->transport->requests = [];
        $view = $this->view();
        $this->assertNull($view->value(Config::XML_PATH_DOCUMENT_TYPE), 'Magento\'s stored value is shown');
        $this->assertSame([], $this->kit->transport->requests, 'the sidecar\'s document is not read meanwhile');
        $this->assertSame(['Not a status slug.'], $view->errors(Config::XML_PATH_TRIGGER_STATUSES));
        $this->assertSame(
            ['Direct invoices need the warehouse the goods leave from.'],
            $view->errors(Config::XML_PATH_DOCUMENT_WAREHOUSE)
        );
        $this->assertSame(['NL-21: Length must be between 1 and 60.'], $view->errors(Config::XML_PATH_MAP_VAT));
        $this->assertSame(['banktransfer (journal): Unknown journal.'], $view->errors(Config::XML_PATH_MAP_PAYMENT));
        $this->assertSame(['flatrate: Unknown shipping method.'], $view->errors(Config::XML_PATH_MAP_SHIPPING));
        $this->assertSame([], $view->errors(Config::XML_PATH_DOCUMENT_JOURNAL));
        $this->assertSame(
            ['Name the order meta key that holds the value to match on.'],
            $view->errors('exact_sidecar/customers/match_meta_key')
        );

        // A save the sidecar accepts clears them, and the page shows the sidecar's document again.
        $this->kit->scopeConfig->values[Config::XML_PATH_TRIGGER_STATUSES] = 'processing';
        $this->kit->transport->queue[] = FakeTransport::json(200, self::fullDoc());
        $this->kit->transport->queue[] = FakeTransport::json(200, self::fullDoc());
        $this->save();
        $this->kit->transport->queue[] = FakeTransport::json(200, self::fullDoc());
        $this->assertSame([], $this->view()->errors(Config::XML_PATH_MAP_VAT));
        $this->assertSame('sales_invoice', $this->view()->value(Config::XML_PATH_DOCUMENT_TYPE));
    }

    public function testErrorPathsAreMappedToConfigurationFields(): void
    {
        $places = [
            'vat.rates[0]' => [Config::XML_PATH_MAP_VAT, 'NL-21'],
            'payment.methods[1]' => [Config::XML_PATH_MAP_PAYMENT, 'banktransfer'],
            'shipping.methods[0]' => [Config::XML_PATH_MAP_SHIPPING, 'flatrate'],
        ];
        $cases = [
            'trigger_statuses' => [Config::XML_PATH_TRIGGER_STATUSES, 'x'],
            'trigger_statuses[2]' => [Config::XML_PATH_TRIGGER_STATUSES, 'x'],
            'document' => [Config::XML_PATH_DOCUMENT_TYPE, 'x'],
            'document.type' => [Config::XML_PATH_DOCUMENT_TYPE, 'x'],
            'document.journal' => [Config::XML_PATH_DOCUMENT_JOURNAL, 'x'],
            'document.process' => [Config::XML_PATH_DOCUMENT_PROCESS, 'x'],
            'document.email_customer' => [Config::XML_PATH_DOCUMENT_EMAIL, 'x'],
            'document.warehouse' => [Config::XML_PATH_DOCUMENT_WAREHOUSE, 'x'],
            'vat.rates[0].exact' => [Config::XML_PATH_MAP_VAT, 'NL-21: x'],
            'vat.rates[0].shop_rate' => [Config::XML_PATH_MAP_VAT, 'NL-21: x'],
            'vat.rates[0]' => [Config::XML_PATH_MAP_VAT, 'NL-21: x'],
            'payment.methods[1].exact' => [Config::XML_PATH_MAP_PAYMENT, 'banktransfer: x'],
            'payment.methods[1].journal' => [Config::XML_PATH_MAP_PAYMENT, 'banktransfer (journal): x'],
            'shipping.methods[0].exact' => [Config::XML_PATH_MAP_SHIPPING, 'flatrate: x'],
            'vat.rates[1].exact' => null,
            'vat.reverse_charge' => ['exact_sidecar/vat/reverse_charge', 'x'],
            'payment.methods[7].exact' => null,
            'payment.default_condition' => ['exact_sidecar/payments/default_condition', 'x'],
            'document.unknown' => null,
            'customers.default_debtor' => ['exact_sidecar/customers/default_debtor', 'x'],
            'customers.new_account.classification' => ['exact_sidecar/customers/new_account_classification', 'x'],
            'revenue.countries[0].gl_account' => null,
            '$' => null,
        ];
        foreach ($cases as $path => $expected) {
            [$placed, $unplaced] = SettingsDocument::placeErrors([$path => ['x']], $places);
            if ($expected === null) {
                $this->assertSame([], $placed, $path);
                $this->assertSame([$path => ['x']], $unplaced, $path);
            } else {
                $this->assertSame([$expected[0] => [$expected[1]]], $placed, $path);
                $this->assertSame([], $unplaced, $path);
            }
        }
    }

    public function testSectionSettingsAreSavedIntoTheirPlaces(): void
    {
        $body = $this->loadEditSave(static function (array $values): array {
            $values['exact_sidecar/revenue/domestic'] = '8010';
            $values['exact_sidecar/revenue/home_country'] = 'be';
            $values['exact_sidecar/customers/update_existing'] = '0';
            $values['exact_sidecar/customers/default_debtor'] = ' 1000 ';
            $values['exact_sidecar/rounding/tolerance'] = '0,03';
            $values['exact_sidecar/rounding/gl_account'] = '';
            $values['exact_sidecar/refunds/cancelled'] = 'credit';
            $values['exact_sidecar/status_back/poll_minutes'] = '15';
            return $values;
        });
        $expected = self::fullDoc();
        $expected['revenue']['domestic'] = '8010';
        $expected['revenue']['home_country'] = 'BE';
        $expected['customers']['update_existing'] = false;
        $expected['customers']['default_debtor'] = '1000';
        $expected['rounding']['tolerance'] = '0.03';
        $expected['rounding']['gl_account'] = null;
        $expected['pushback'] = ['poll_minutes' => 15];
        $expected['refunds'] = ['cancelled' => 'credit'];
        $this->assertSame($expected, $body, 'only the edited keys change; defaults left alone are not written');
    }

    public function testAProposalIsShownOnceInTheFields(): void
    {
        $proposed = self::fullDoc();
        $proposed['revenue']['domestic'] = '8010';
        $this->proposals->keep(['settings' => $proposed, 'proposed' => [['setting' => 'revenue.domestic',
            'value' => '8010', 'why' => 'the revenue account']], 'missing' => []]);
        $view = $this->view();
        $this->assertSame('8010', $view->value('exact_sidecar/revenue/domestic'), 'the proposal in the field');
        $this->assertSame([], $this->kit->transport->requests, 'not the sidecar\'s saved document');
        $this->assertSame('the revenue account', $view->proposal()['proposed'][0]['why']);
        // the next page view shows the saved document again
        $this->kit->transport->queue[] = FakeTransport::json(200, self::fullDoc());
        $next = $this->view();
        $this->assertSame('8000', $next->value('exact_sidecar/revenue/domestic'));
        $this->assertNull($next->proposal());
    }

    public function testAProposalIsKeptPerAdminUser(): void
    {
        $proposed = self::fullDoc();
        $proposed['revenue']['domestic'] = '8010';
        $this->proposals->keep(['settings' => $proposed, 'proposed' => [], 'missing' => []]);
        $this->assertSame([ProposalStore::FLAG . '_1'], array_keys($this->proposalFlags->flags));

        // another admin opens the page: the sidecar's saved document, admin 1's proposal stays
        $this->admin->id = 2;
        $this->kit->transport->queue[] = FakeTransport::json(200, self::fullDoc());
        $other = $this->view();
        $this->assertSame('8000', $other->value('exact_sidecar/revenue/domestic'));
        $this->assertNull($other->proposal());
        $this->assertArrayHasKey(ProposalStore::FLAG . '_1', $this->proposalFlags->flags);

        $this->admin->id = 1;
        $this->assertSame('8010', $this->view()->value('exact_sidecar/revenue/domestic'), 'admin 1 sees it');
        $this->assertSame([], $this->proposalFlags->flags, 'shown once');

        // no signed-in admin (cron, CLI): nothing is kept
        $this->admin->id = null;
        $this->proposals->keep(['settings' => $proposed]);
        $this->assertSame([], $this->proposalFlags->flags);
        $this->assertNull($this->proposals->take());
    }

    public function testTheBackendAdminUserIsTheAuthSessionsUser(): void
    {
        $this->assertSame(7, (new BackendAdminUser(new Session(new DataObject(['id' => '7']))))->getUserId());
        $this->assertNull((new BackendAdminUser(new Session(null)))->getUserId());
        $this->assertNull((new BackendAdminUser(new Session(new DataObject([]))))->getUserId());
    }

    public function testUnreadableMappingValueGivesNoRows(): void
    {
        $this->assertSame([], (new SettingsDocument($this->kit->config))->rows('{not json'));
        $this->assertSame([], (new SettingsDocument($this->kit->config))->rows('"text"'));
        $this->assertSame(
            [['shop' => 'checkmo', 'exact' => '14', 'journal' => null]],
            (new SettingsDocument($this->kit->config))->rows((string) json_encode([
                '_1' => ['magento' => ' checkmo ', 'exact' => ' 14 ', 'journal' => '  '],
                '_2' => ['magento' => '', 'exact' => '14'],
                '_3' => ['magento' => 'x', 'exact' => ''],
                '_4' => 'not a row',
            ]))
        );
    }

    public function testStoredChoicesMissingFromTheListAreKeptAsOptions(): void
    {
        $options = [['value' => '', 'label' => '-- Choose --'], ['value' => '70', 'label' => '70 – Verkoop']];
        $this->assertSame($options, SettingsView::withCurrent($options, '70', 'not found'));
        $this->assertSame(
            array_merge($options, [['value' => '80', 'label' => '80 (not found)']]),
            SettingsView::withCurrent($options, ' 80 ', 'not found')
        );
        $statuses = [['value' => 'processing', 'label' => 'Processing']];
        $this->assertSame(
            array_merge($statuses, [['value' => 'exported', 'label' => 'exported (not found)']]),
            SettingsView::withCurrent($statuses, ['processing', 'exported'], 'not found')
        );
        $this->assertSame(
            array_merge($statuses, [['value' => 'exported', 'label' => 'exported (not found)']]),
            SettingsView::withCurrent($statuses, 'processing,exported', 'not found'),
            'Magento\'s stored multiselect value'
        );
    }

    public function testAnUnreachableSidecarShowsMagentosValues(): void
    {
        $this->assertNull($this->view()->value(Config::XML_PATH_DOCUMENT_TYPE));
        $this->assertCount(1, $this->kit->transport->requests);
    }

    public function testNothingIsSentBeforeTheConnectionIsConfigured(): void
    {
        $this->kit->scopeConfig->values[Config::XML_PATH_SIDECAR_URL] = '';
        $this->save();
        $this->assertSame([], $this->kit->transport->requests);
        $this->assertSame([], $this->messages->messages);
    }

    public function testUnreachableSidecarIsReportedNotThrownAndKeepsTheTypedValuesShown(): void
    {
        $this->save();
        $this->assertSame('error', $this->messages->messages[0][0]);
        $this->assertStringContainsString('not sent to the sidecar', $this->messages->messages[0][1]);
        $this->assertTrue($this->state->isPending());
    }

    public function testUrlValidation(): void
    {
        $v = new Validator();
        $this->assertNull($v->sidecarUrlProblem('https://sidecar.example.nl'));
        $this->assertNull($v->sidecarUrlProblem('https://host.test/prefix'));
        $this->assertNull($v->sidecarUrlProblem('http://localhost:8000'));
        $this->assertNull($v->sidecarUrlProblem('http://127.0.0.1:8000'));
        $this->assertNull($v->sidecarUrlProblem(''));
        $this->assertNotNull($v->sidecarUrlProblem('http://sidecar.example.nl'));
        $this->assertNotNull($v->sidecarUrlProblem('sidecar.example.nl'));
        $this->assertNotNull($v->sidecarUrlProblem('ftp://sidecar.example.nl'));
        $this->assertNotNull($v->sidecarUrlProblem('https://user:pw@sidecar.example.nl'));
        $this->assertNotNull($v->sidecarUrlProblem('https://sidecar.example.nl/?x=1'));
    }

    public function testShopIdValidation(): void
    {
        $v = new Validator();
        $this->assertNull($v->shopIdProblem('shp_demo01'));
        $this->assertNotNull($v->shopIdProblem('shp demo'));
        $this->assertNotNull($v->shopIdProblem(str_repeat('a', 65)));
    }
}
