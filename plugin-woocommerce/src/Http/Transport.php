<?php

namespace ExactSidecar\Http;

/**
 * Sends one HTTP request. Implementations must not follow redirects (a redirect would drop the signature).
 */
interface Transport
{
    public const CONNECT_TIMEOUT = 3;
    public const TOTAL_TIMEOUT = 10;

    /**
     * @param array<string,string> $headers
     * @throws TransportException when no HTTP answer was received
     */
    public function send(string $method, string $url, array $headers, string $body): Response;
}
