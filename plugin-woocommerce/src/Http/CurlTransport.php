<?php

namespace ExactSidecar\Http;

/**
 * Transport on ext-curl, used outside WordPress (the end-to-end delivery script) and as a fallback.
 */
final class CurlTransport implements Transport
{
    public function send(string $method, string $url, array $headers, string $body): Response
    {
        if (!function_exists('curl_init')) {
            throw new TransportException('The PHP curl extension is not available.');
        }
        $handle = curl_init($url);
        if ($handle === false) {
            throw new TransportException('Could not start a request to the sidecar.');
        }
        $lines = [];
        foreach ($headers as $name => $value) {
            $lines[] = $name . ': ' . $value;
        }
        $responseHeaders = [];
        curl_setopt_array($handle, [
            CURLOPT_CUSTOMREQUEST => strtoupper($method),
            CURLOPT_HTTPHEADER => $lines,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_CONNECTTIMEOUT => self::CONNECT_TIMEOUT,
            CURLOPT_TIMEOUT => self::TOTAL_TIMEOUT,
            CURLOPT_HEADERFUNCTION => static function ($unused, string $line) use (&$responseHeaders): int {
                $parts = explode(':', $line, 2);
                if (count($parts) === 2) {
                    $responseHeaders[strtolower(trim($parts[0]))] = trim($parts[1]);
                }
                return strlen($line);
            },
        ]);
        if ($body !== '' || strtoupper($method) !== 'GET') {
            curl_setopt($handle, CURLOPT_POSTFIELDS, $body);
        }
        $result = curl_exec($handle);
        if ($result === false) {
            $error = curl_error($handle);
            curl_close($handle);
            throw new TransportException('Could not reach the sidecar: ' . $error);
        }
        $status = (int) curl_getinfo($handle, CURLINFO_RESPONSE_CODE);
        curl_close($handle);
        return new Response($status, $responseHeaders, (string) $result);
    }
}
