<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\Model\Settings;

use ExactSidecar\Connector\Model\Admin\SidecarAdmin;
use ExactSidecar\Connector\Model\Config;
use ExactSidecar\Connector\Model\Config\Validator;
use ExactSidecar\Connector\Model\Settings\SettingsDocument;
use ExactSidecar\Connector\Model\Settings\SettingsPusher;
use ExactSidecar\Connector\Observer\Adminhtml\PushSettingsObserver;
use ExactSidecar\Connector\Test\Support\FakeTransport;
use ExactSidecar\Connector\Test\Support\Kit;
use ExactSidecar\Connector\Test\Support\RecordingMessages;
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

    protected function setUp(): void
    {
        $this->kit = new Kit();
        $this->kit->scopeConfig->values[Config::XML_PATH_TRIGGER_STATUSES] = 'processing, complete';
        $this->kit->scopeConfig->values[Config::XML_PATH_DOCUMENT_TYPE] = 'sales_invoice';
        $this->kit->scopeConfig->values[Config::XML_PATH_MAP_PAYMENT] = json_encode([
            '_1' => ['magento' => 'banktransfer', 'exact' => '20'],
            '_2' => ['magento' => 'checkmo', 'exact' => ''],
        ]);
        $this->messages = new RecordingMessages();
        $pusher = new SettingsPusher(
            $this->kit->config,
            new SidecarAdmin($this->kit->client),
            new SettingsDocument($this->kit->config)
        );
        $this->observer = new PushSettingsObserver($pusher, $this->messages, $this->kit->logger);
    }

    private function save(): void
    {
        $this->observer->execute(new Observer(['event' => new Event([])]));
    }

    public function testMergeKeepsSidecarKeysAndWritesThisPagesKeys(): void
    {
        $document = (new SettingsDocument($this->kit->config))->merge([
            'version' => 1,
            'trigger_statuses' => ['processing'],
            'rounding' => 'line',
            'mappings' => ['cost_centre' => [['shop' => '1', 'exact' => 'CC1']]],
        ]);
        $this->assertSame([
            'version' => 1,
            'trigger_statuses' => ['processing', 'complete'],
            'rounding' => 'line',
            'mappings' => [
                'cost_centre' => [['shop' => '1', 'exact' => 'CC1']],
                'payment' => [['shop' => 'banktransfer', 'exact' => '20']],
            ],
            'document_type' => 'sales_invoice',
        ], $document);
    }

    public function testEmptyChoicesRemoveTheirKeys(): void
    {
        $this->kit->scopeConfig->values[Config::XML_PATH_DOCUMENT_TYPE] = '';
        $this->kit->scopeConfig->values[Config::XML_PATH_MAP_PAYMENT] = '';
        $document = (new SettingsDocument($this->kit->config))->merge([
            'trigger_statuses' => ['processing'],
            'document_type' => 'sales_order',
            'mappings' => ['payment' => [['shop' => 'x', 'exact' => 'y']]],
        ]);
        $this->assertSame(['trigger_statuses' => ['processing', 'complete']], $document);
    }

    public function testUnreadableMappingValueGivesNoRows(): void
    {
        $this->assertSame([], (new SettingsDocument($this->kit->config))->rows('{not json'));
        $this->assertSame([], (new SettingsDocument($this->kit->config))->rows('"text"'));
    }

    public function testSavePutsTheMergedDocumentAndReportsSuccess(): void
    {
        $current = ['version' => 1, 'trigger_statuses' => ['processing']];
        $this->kit->transport->queue[] = FakeTransport::json(200, $current);
        $this->kit->transport->queue[] = FakeTransport::json(200, ['version' => 1]);
        $this->save();
        $this->assertSame('GET', $this->kit->transport->requests[0]['method']);
        $put = $this->kit->transport->requests[1];
        $this->assertSame('PUT', $put['method']);
        $this->assertSame('https://sidecar.example.test/api/v1/shop/settings', $put['url']);
        $body = json_decode($put['body'], true);
        $this->assertSame(['processing', 'complete'], $body['trigger_statuses']);
        $this->assertSame([['success', 'The settings were saved in the sidecar.']], $this->messages->messages);
    }

    public function testFieldErrorsAreShownOneByOne(): void
    {
        $this->kit->transport->queue[] = FakeTransport::json(200, ['version' => 1]);
        $this->kit->transport->queue[] = FakeTransport::json(400, ['error' => [
            'code' => 'invalid',
            'message' => 'The request has invalid fields.',
            'fields' => ['mappings' => ['Unknown field.'], 'document_type' => ['Unknown field.']],
        ]]);
        $this->save();
        $this->assertSame([
            ['error', 'Saved in Magento, but the sidecar refused the settings: The sidecar answered 400: '
                . 'The request has invalid fields.'],
            ['error', 'mappings: Unknown field.'],
            ['error', 'document_type: Unknown field.'],
        ], $this->messages->messages);
    }

    public function testNothingIsSentBeforeTheConnectionIsConfigured(): void
    {
        $this->kit->scopeConfig->values[Config::XML_PATH_SIDECAR_URL] = '';
        $this->save();
        $this->assertSame([], $this->kit->transport->requests);
        $this->assertSame([], $this->messages->messages);
    }

    public function testUnreachableSidecarIsReportedNotThrown(): void
    {
        $this->save();
        $this->assertSame('error', $this->messages->messages[0][0]);
        $this->assertStringContainsString('not sent to the sidecar', $this->messages->messages[0][1]);
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
