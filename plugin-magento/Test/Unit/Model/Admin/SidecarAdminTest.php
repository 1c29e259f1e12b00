<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\Model\Admin;

use ExactSidecar\Connector\Model\Admin\SidecarAdmin;
use ExactSidecar\Connector\Model\Config;
use ExactSidecar\Connector\Model\Http\TransportException;
use ExactSidecar\Connector\Model\Signing;
use ExactSidecar\Connector\Test\Support\FakeTransport;
use ExactSidecar\Connector\Test\Support\Kit;
use PHPUnit\Framework\TestCase;

class SidecarAdminTest extends TestCase
{
    /** @var Kit */
    private $kit;

    /** @var FakeTransport */
    private $transport;

    /** @var SidecarAdmin */
    private $admin;

    protected function setUp(): void
    {
        $this->kit = new Kit();
        $this->transport = $this->kit->transport;
        $this->admin = new SidecarAdmin($this->kit->client);
    }

    public function testConnectionReportsShopAndDivision(): void
    {
        $this->transport->queue[] = FakeTransport::json(200, [
            'id' => 'shp_demo01', 'name' => 'Demo', 'platform' => 'magento',
            'exact' => [
                'connected' => true, 'needs_reauth' => false, 'division' => 123456, 'division_name' => 'Demo BV',
            ],
        ]);
        $result = $this->admin->testConnection();
        $this->assertTrue($result->ok);
        $this->assertSame(
            'Connected to the sidecar as shop "Demo". Exact Online: connected to division 123456 Demo BV.',
            $result->message
        );
        $request = $this->transport->requests[0];
        $this->assertSame('GET', $request['method']);
        $this->assertSame('', $request['body']);
        $this->assertArrayNotHasKey('Content-Type', $request['headers']);
        $expected = (new Signing())->sign(
            's3cr3t-Key_for-tests-only-0123456789abcdef',
            $this->kit->clock->now(),
            'GET',
            '/api/v1/shop',
            ''
        );
        $this->assertSame($expected, $request['headers']['X-Sidecar-Signature']);
    }

    public function testUnauthorisedExplainsWhatToCheckWithoutTheSecret(): void
    {
        $this->transport->queue[] = FakeTransport::json(
            401,
            ['error' => ['code' => 'stale_timestamp', 'message' => 'x']]
        );
        $result = $this->admin->testConnection();
        $this->assertFalse($result->ok);
        $this->assertStringContainsString('stale_timestamp', $result->message);
        $this->assertStringContainsString('server clock', $result->message);
        $this->assertStringNotContainsString('s3cr3t', json_encode($result->toArray()));
    }

    public function testUnreachableSidecar(): void
    {
        $this->transport->queue[] = new TransportException('cURL 7: Connection refused');
        $result = $this->admin->testConnection();
        $this->assertFalse($result->ok);
        $this->assertSame('Cannot reach the sidecar: cURL 7: Connection refused', $result->message);
    }

    public function testNotConfigured(): void
    {
        $this->kit->scopeConfig->values[Config::XML_PATH_SHOP_ID] = '';
        $result = $this->admin->testConnection();
        $this->assertFalse($result->ok);
        $this->assertStringContainsString('must all be set', $result->message);
        $this->assertSame([], $this->transport->requests);
    }

    public function testConnectReturnsTheAuthorizeUrlAndSendsTheReturnUrl(): void
    {
        $authorize = 'https://start.exactonline.nl/api/oauth2/auth?x=1';
        $this->transport->queue[] = FakeTransport::json(200, ['authorize_url' => $authorize]);
        $result = $this->admin->connect('https://shop.test/admin/exactsidecar/connection/back/');
        $this->assertTrue($result->ok);
        $this->assertSame('https://start.exactonline.nl/api/oauth2/auth?x=1', $result->data['authorize_url']);
        $this->assertSame(
            '{"return_url":"https://shop.test/admin/exactsidecar/connection/back/","region":"nl"}',
            $this->transport->requests[0]['body']
        );
        $this->assertSame(
            'https://sidecar.example.test/api/v1/shop/exact/connect',
            $this->transport->requests[0]['url']
        );
    }

    public function testConnectSendsTheChosenCountryAndOnlyAKnownOne(): void
    {
        $this->transport->queue[] = FakeTransport::json(200, ['authorize_url' => 'https://start.exactonline.be/x']);
        $this->transport->queue[] = FakeTransport::json(200, ['authorize_url' => 'https://start.exactonline.nl/x']);
        $this->admin->connect('https://shop.test/', 'be');
        $this->admin->connect('https://shop.test/', 'mars');
        $this->assertSame('be', json_decode($this->transport->requests[0]['body'], true)['region']);
        $this->assertSame('nl', json_decode($this->transport->requests[1]['body'], true)['region']);
    }

    public function testAProposalIsAskedWithTheShopsListsAndComesBackWhole(): void
    {
        $answer = [
            'settings' => ['version' => 1, 'revenue' => ['domestic' => '8000']],
            'proposed' => [['setting' => 'revenue.domestic', 'value' => '8000', 'why' => 'the revenue account']],
            'missing' => [['setting' => 'rounding.item', 'why' => 'create one', 'required' => true]],
        ];
        $this->transport->queue[] = FakeTransport::json(200, $answer);
        $lists = ['tax_rates' => [['id' => 'NL-21', 'country' => 'NL', 'percent' => 21.0, 'name' => 'NL-21']]];
        $result = $this->admin->proposeSettings($lists);
        $this->assertTrue($result->ok);
        $this->assertSame(
            'https://sidecar.example.test/api/v1/shop/settings/proposal',
            $this->transport->requests[0]['url']
        );
        $this->assertSame($lists, json_decode($this->transport->requests[0]['body'], true));
        $this->assertSame($answer['settings'], $result->data['settings']);
        $this->assertTrue($result->data['reload'], 'the page reloads to show it');
        $this->assertStringContainsString('1 still to do', $result->message);
    }

    public function testConnectRefusesANonHttpsAuthorizeUrl(): void
    {
        $this->transport->queue[] = FakeTransport::json(200, ['authorize_url' => 'javascript:alert(1)']);
        $this->assertFalse($this->admin->connect('https://shop.test/')->ok);
    }

    public function testSettingsFieldErrorsComeBack(): void
    {
        $this->transport->queue[] = FakeTransport::json(400, ['error' => [
            'code' => 'invalid', 'message' => 'The request has invalid fields.',
            'fields' => ['trigger_statuses' => ['Shorter than minimum length 1.']],
        ]]);
        $result = $this->admin->putSettings(['trigger_statuses' => []]);
        $this->assertFalse($result->ok);
        $this->assertSame(['trigger_statuses' => ['Shorter than minimum length 1.']], $result->fieldErrors);
        $this->assertSame('The sidecar answered 400: The request has invalid fields.', $result->message);
        $this->assertSame('PUT', $this->transport->requests[0]['method']);
    }

    public function testCredentialsAreSentButNotEchoed(): void
    {
        $this->transport->queue[] = FakeTransport::json(200, ['status' => 'stored']);
        $tokens = [
            'consumer_key' => 'ck1', 'consumer_secret' => 'cs-secret-1',
            'access_token' => 'at1', 'access_token_secret' => 'ats-secret-1',
        ];
        $result = $this->admin->sendCredentials($tokens);
        $this->assertTrue($result->ok);
        $this->assertSame($tokens, json_decode($this->transport->requests[0]['body'], true));
        $this->assertStringNotContainsString('secret-1', json_encode($result->toArray()));
    }

    public function testBackfillValidatesTheDateBeforeCalling(): void
    {
        $this->assertFalse($this->admin->startBackfill('2026-02-30')->ok);
        $this->assertFalse($this->admin->startBackfill('yesterday')->ok);
        $this->assertSame([], $this->transport->requests);
        $this->transport->queue[] = FakeTransport::json(202, ['status' => 'started']);
        $this->assertTrue($this->admin->startBackfill('2026-01-01')->ok);
        $this->assertSame('{"since":"2026-01-01"}', $this->transport->requests[0]['body']);
    }

    public function testBackfillProgress(): void
    {
        $progress = ['done' => 40, 'total' => 120, 'failed' => 2, 'eta' => 300];
        $this->transport->queue[] = FakeTransport::json(200, $progress);
        $result = $this->admin->backfillStatus();
        $this->assertSame('40 of 120 orders imported, 2 failed.', $result->message);
        $this->assertSame(300, $result->data['eta']);
    }

    public function testRetryAndOrderState(): void
    {
        $this->transport->queue[] = FakeTransport::json(202, ['status' => 'queued']);
        $this->transport->queue[] = FakeTransport::json(200, ['state' => 'failed', 'error' => 'x']);
        $this->assertTrue($this->admin->retryOrder(15)->ok);
        $this->assertSame('failed', $this->admin->orderState(15)->data['state']);
        $this->assertSame(
            'https://sidecar.example.test/api/v1/shop/orders/15/retry',
            $this->transport->requests[0]['url']
        );
        $this->assertSame('https://sidecar.example.test/api/v1/shop/orders/15', $this->transport->requests[1]['url']);
    }

    public function testNonObjectJsonIsAnError(): void
    {
        $this->transport->queue[] = FakeTransport::json(200, 'hello');
        $this->assertFalse($this->admin->exactOptions()->ok);
    }
}
