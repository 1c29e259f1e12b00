<?php

namespace ExactSidecar\Tests;

use ExactSidecar\Http\TransportException;
use ExactSidecar\Http\WpHttpTransport;
use ExactSidecar\Tests\Support\TestCase;

final class WpHttpTransportTest extends TestCase
{
    public function testSendsWithTenSecondTimeoutNoRedirectsAndTheMarker(): void
    {
        \WpState::queueHttp(202, ['status' => 'accepted'], ['Retry-After' => '5']);
        $response = (new WpHttpTransport())->send('post', 'https://s.example/api/v1/events', ['A' => 'b'], '{"x":1}');
        $args = \WpState::$httpRequests[0]['args'];
        $this->assertSame('POST', $args['method']);
        $this->assertSame(10, $args['timeout']);
        $this->assertSame(0, $args['redirection']);
        $this->assertSame('{"x":1}', $args['body']);
        $this->assertSame(['A' => 'b'], $args['headers']);
        $this->assertTrue($args[WpHttpTransport::MARKER]);
        $this->assertSame(202, $response->status);
        $this->assertSame('5', $response->header('retry-after'));
        $this->assertSame(['status' => 'accepted'], $response->json());
    }

    public function testConnectTimeoutHookIsRegisteredAndOnlyTouchesOurRequests(): void
    {
        WpHttpTransport::register();
        $this->assertNotFalse(has_action('http_api_curl', [WpHttpTransport::class, 'tuneCurl']));
        $this->assertSame([], WpHttpTransport::curlOptions(['timeout' => 5]), "other plugins' requests untouched");
        $this->assertSame(
            [CURLOPT_CONNECTTIMEOUT => 3],
            WpHttpTransport::curlOptions([WpHttpTransport::MARKER => true])
        );
        $handle = curl_init();
        WpHttpTransport::tuneCurl($handle, [WpHttpTransport::MARKER => true]);
        curl_close($handle);
    }

    public function testWpErrorBecomesATransportException(): void
    {
        \WpState::$httpResponses[] = new \WP_Error('http_request_failed', 'cURL error 28: Connection timed out');
        $this->expectException(TransportException::class);
        $this->expectExceptionMessage('cURL error 28');
        (new WpHttpTransport())->send('GET', 'https://s.example/api/v1/shop', [], '');
    }

    public function testEmptyBodyIsSentAsNoBody(): void
    {
        \WpState::queueHttp(200, '{}');
        (new WpHttpTransport())->send('GET', 'https://s.example/api/v1/shop', [], '');
        $this->assertNull(\WpState::$httpRequests[0]['args']['body']);
    }

    public function testResponseHelpersReadContractErrors(): void
    {
        \WpState::queueHttp(400, ['error' => [
            'code' => 'invalid_settings',
            'message' => 'Some settings are not valid.',
            'fields' => ['mappings.vat.1' => ['unknown VAT code "9"']],
        ]]);
        $response = (new WpHttpTransport())->send('PUT', 'https://s.example/api/v1/shop/settings', [], '{}');
        $this->assertFalse($response->isSuccess());
        $this->assertSame('invalid_settings', $response->errorCode());
        $this->assertSame('Some settings are not valid.', $response->errorMessage());
        $this->assertSame(['mappings.vat.1' => ['unknown VAT code "9"']], $response->fieldErrors());
    }

    public function testNonJsonErrorGetsAGenericMessage(): void
    {
        \WpState::queueHttp(502, '<html>Bad gateway</html>');
        $response = (new WpHttpTransport())->send('GET', 'https://s.example/api/v1/shop', [], '');
        $this->assertNull($response->json());
        $this->assertSame('The sidecar answered HTTP 502.', $response->errorMessage());
        $this->assertSame('http_502', $response->errorCode());
    }
}
