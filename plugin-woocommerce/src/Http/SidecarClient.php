<?php

namespace ExactSidecar\Http;

use ExactSidecar\Config;

/**
 * Builds, signs and sends every plugin -> sidecar request (CONTRACT.md). This is the only place where a
 * request to the sidecar is put together, for production and for the end-to-end script alike.
 */
final class SidecarClient
{
    /** Body limit of the contract (413 above it). */
    public const MAX_BODY_BYTES = 2097152;

    /** @var Config */
    private $config;
    /** @var Transport */
    private $transport;
    /** @var callable():int */
    private $clock;

    public function __construct(Config $config, Transport $transport, ?callable $clock = null)
    {
        $this->config = $config;
        $this->transport = $transport;
        $this->clock = $clock ?? static function (): int {
            return time();
        };
    }

    /**
     * JSON as the plugin sends it: slashes and Unicode unescaped; invalid UTF-8 replaced, never fatal.
     *
     * @param mixed $value
     */
    public static function encodeJson($value): string
    {
        $json = json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE);
        if ($json === false) {
            throw new \InvalidArgumentException('Could not encode the request as JSON: ' . json_last_error_msg());
        }
        return $json;
    }

    /**
     * The full request (URL, headers, body) for one call, signed with the current time.
     *
     * @param mixed $payload null for no body
     * @return array{method:string,url:string,headers:array<string,string>,body:string}
     */
    public function buildRequest(string $method, string $path, $payload = null): array
    {
        $base = $this->config->sidecarUrl();
        if ($base === '') {
            throw new \RuntimeException('The sidecar URL is not set (WooCommerce > Settings > Exact Online).');
        }
        if (!$this->config->isConfigured()) {
            throw new \RuntimeException('The shop id or secret is not set (WooCommerce > Settings > Exact Online).');
        }
        $method = strtoupper($method);
        $body = $payload === null ? '' : self::encodeJson($payload);
        $url = rtrim($base, '/') . $path;
        $signedPath = (string) parse_url($url, PHP_URL_PATH);
        $query = parse_url($url, PHP_URL_QUERY);
        if (is_string($query) && $query !== '') {
            $signedPath .= '?' . $query;
        }
        $headers = Signer::headers(
            $this->config->shopId(),
            $this->config->secret(),
            ($this->clock)(),
            $method,
            $signedPath,
            $body
        );
        $headers['Accept'] = 'application/json';
        if ($body !== '') {
            $headers['Content-Type'] = 'application/json';
        }
        $headers['User-Agent'] = 'exact-sidecar-woocommerce/' . Config::VERSION;
        return ['method' => $method, 'url' => $url, 'headers' => $headers, 'body' => $body];
    }

    /**
     * @param mixed $payload
     * @throws TransportException
     */
    public function request(string $method, string $path, $payload = null): Response
    {
        $request = $this->buildRequest($method, $path, $payload);
        return $this->transport->send($request['method'], $request['url'], $request['headers'], $request['body']);
    }

    /**
     * Exchanges a pairing code (`exact-sidecar shop pair`) for the shop id and secret: the one call that is not
     * signed, since the shop has no secret yet. Only to an HTTPS sidecar (or one on this machine).
     *
     * @return array{0:?Response,1:?string,2:string} the answer or a problem with the code, and the sidecar URL
     */
    public function pair(string $code): array
    {
        $code = trim($code);
        $raw = strpos($code, 'EXS1-') === 0 ? substr($code, 5) : '';
        $decoded = $raw !== '' ? base64_decode(strtr($raw, '-_', '+/'), true) : false;
        $data = is_string($decoded) ? json_decode($decoded, true) : null;
        $url = is_array($data) && is_string($data['u'] ?? null) ? rtrim($data['u'], '/') : '';
        if ($url === '') {
            $message = __('This is not a whole pairing code: copy the line that starts with EXS1-.', 'exact-sidecar');
            return [null, $message, ''];
        }
        $host = strtolower((string) parse_url($url, PHP_URL_HOST));
        $secure = strtolower((string) parse_url($url, PHP_URL_SCHEME)) === 'https'
            || in_array($host, ['localhost', '127.0.0.1', '::1'], true);
        if (!$secure || Config::urlProblem($url) !== null) {
            /* translators: %s: URL */
            $message = __('The pairing code names %s; pairing needs an https:// sidecar.', 'exact-sidecar');
            return [null, sprintf($message, $url), $url];
        }
        $headers = [
            'Accept' => 'application/json',
            'Content-Type' => 'application/json',
            'User-Agent' => 'exact-sidecar-woocommerce/' . Config::VERSION,
        ];
        $body = self::encodeJson(['code' => $code]);
        return [$this->transport->send('POST', $url . '/api/v1/pair', $headers, $body), null, $url];
    }

    /**
     * @param array<string,mixed> $envelope
     */
    public function postEvent(array $envelope): Response
    {
        return $this->request('POST', '/api/v1/events', $envelope);
    }

    public function shop(): Response
    {
        return $this->request('GET', '/api/v1/shop');
    }

    public function settings(): Response
    {
        return $this->request('GET', '/api/v1/shop/settings');
    }

    /**
     * @param array<string,mixed> $document
     */
    public function putSettings(array $document): Response
    {
        return $this->request('PUT', '/api/v1/shop/settings', (object) $document);
    }

    /**
     * The mapping the sidecar proposes from the shop's lists (nothing is stored).
     *
     * @param array<string,mixed> $lists tax_rates, payment_methods, shipping_methods, home_country
     */
    public function proposeSettings(array $lists): Response
    {
        return $this->request('POST', '/api/v1/shop/settings/proposal', (object) $lists);
    }

    public function exactOptions(): Response
    {
        return $this->request('GET', '/api/v1/shop/exact/options');
    }

    public function connect(string $returnUrl, string $region = 'nl'): Response
    {
        return $this->request('POST', '/api/v1/shop/exact/connect', ['return_url' => $returnUrl, 'region' => $region]);
    }

    public function disconnect(): Response
    {
        return $this->request('POST', '/api/v1/shop/exact/disconnect', new \stdClass());
    }

    /**
     * @param array<string,mixed> $credentials
     */
    public function postCredentials(array $credentials): Response
    {
        return $this->request('POST', '/api/v1/shop/credentials', $credentials);
    }

    public function order(string $entityId): Response
    {
        return $this->request('GET', '/api/v1/shop/orders/' . rawurlencode($entityId));
    }

    /**
     * The document the order would become, not posted; with $order the shop's order JSON, else the
     * sidecar uses the order data it holds.
     *
     * @param array<string,mixed>|null $order
     */
    public function dryRun(string $entityId, ?array $order = null): Response
    {
        $body = $order === null ? new \stdClass() : ['order' => $order];
        return $this->request('POST', '/api/v1/shop/orders/' . rawurlencode($entityId) . '/dry-run', $body);
    }

    public function retryOrder(string $entityId): Response
    {
        return $this->request('POST', '/api/v1/shop/orders/' . rawurlencode($entityId) . '/retry', new \stdClass());
    }

    public function startBackfill(string $since): Response
    {
        return $this->request('POST', '/api/v1/shop/backfill', ['since' => $since]);
    }

    public function backfillStatus(): Response
    {
        return $this->request('GET', '/api/v1/shop/backfill');
    }
}
