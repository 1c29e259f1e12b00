<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Http;

/**
 * Sends one HTTP request. Implementations never follow redirects and never log bodies or headers.
 */
interface TransportInterface
{
    /**
     * @param string $method
     * @param string $url absolute URL
     * @param array<string, string> $headers
     * @param string $body
     * @return Response
     * @throws TransportException when no HTTP answer arrived
     */
    public function send(string $method, string $url, array $headers, string $body): Response;
}
