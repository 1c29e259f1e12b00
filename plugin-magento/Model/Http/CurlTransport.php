<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Http;

/**
 * A fresh cURL handle per request with short timeouts (3 s connect, 10 s total).
 *
 * Deliberately not Magento\Framework\HTTP\Client\Curl: that shared client defaults to a 300 s timeout, keeps
 * headers between calls and throws a bare \Exception on network errors.
 */
class CurlTransport implements TransportInterface
{
    public const CONNECT_TIMEOUT_MS = 3000;
    public const TOTAL_TIMEOUT_MS = 10000;
    public const MAX_RESPONSE_BYTES = 4194304;

    /** @var int */
    private $connectTimeoutMs;

    /** @var int */
    private $totalTimeoutMs;

    /**
     * @param int $connectTimeoutMs
     * @param int $totalTimeoutMs
     */
    public function __construct(
        int $connectTimeoutMs = self::CONNECT_TIMEOUT_MS,
        int $totalTimeoutMs = self::TOTAL_TIMEOUT_MS
    ) {
        $this->connectTimeoutMs = $connectTimeoutMs;
        $this->totalTimeoutMs = $totalTimeoutMs;
    }

    /**
     * @inheritDoc
     */
    public function send(string $method, string $url, array $headers, string $body): Response
    {
        $scheme = strtolower((string) parse_url($url, PHP_URL_SCHEME));
        if ($scheme !== 'http' && $scheme !== 'https') {
            throw new TransportException('The sidecar URL must start with http:// or https://.');
        }
        $handle = curl_init();
        if ($handle === false) {
            throw new TransportException('cURL could not be initialised.');
        }
        $lines = [];
        foreach ($headers as $name => $value) {
            $lines[] = $name . ': ' . $value;
        }
        $lines[] = 'Expect:';
        $responseHeaders = [];
        $received = '';
        curl_setopt_array($handle, [
            CURLOPT_URL => $url,
            CURLOPT_CUSTOMREQUEST => strtoupper($method),
            CURLOPT_HTTPHEADER => $lines,
            CURLOPT_CONNECTTIMEOUT_MS => $this->connectTimeoutMs,
            CURLOPT_TIMEOUT_MS => $this->totalTimeoutMs,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
            CURLOPT_NOSIGNAL => true,
            CURLOPT_RETURNTRANSFER => false,
            CURLOPT_HEADERFUNCTION => static function ($ch, string $line) use (&$responseHeaders): int {
                $parts = explode(':', $line, 2);
                if (count($parts) === 2) {
                    $responseHeaders[strtolower(trim($parts[0]))] = trim($parts[1]);
                }
                return strlen($line);
            },
            CURLOPT_WRITEFUNCTION => static function ($ch, string $chunk) use (&$received): int {
                if (strlen($received) + strlen($chunk) > self::MAX_RESPONSE_BYTES) {
                    return 0;
                }
                $received .= $chunk;
                return strlen($chunk);
            },
        ]);
        if (strtoupper($method) !== 'GET' || $body !== '') {
            curl_setopt($handle, CURLOPT_POSTFIELDS, $body);
        }
        $ok = curl_exec($handle);
        $status = (int) curl_getinfo($handle, CURLINFO_RESPONSE_CODE);
        $error = curl_error($handle);
        $errno = curl_errno($handle);
        curl_close($handle);
        if ($ok === false || $status === 0) {
            throw new TransportException(sprintf('No answer from the sidecar (cURL %d: %s).', $errno, $error));
        }
        return new Response($status, $responseHeaders, $received);
    }
}
