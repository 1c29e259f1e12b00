<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use ExactSidecar\Connector\Model\Http\Response;
use ExactSidecar\Connector\Model\Http\TransportException;
use ExactSidecar\Connector\Model\Http\TransportInterface;

/**
 * Records requests; answers from a queue or from a callback(method, url, headers, body).
 */
class FakeTransport implements TransportInterface
{
    /** @var array<int, array{method: string, url: string, headers: array<string, string>, body: string}> */
    public $requests = [];

    /** @var array<int, Response|\Throwable> */
    public $queue = [];

    /** @var callable|null */
    public $handler;

    /**
     * @inheritDoc
     */
    public function send(string $method, string $url, array $headers, string $body): Response
    {
        $this->requests[] = ['method' => $method, 'url' => $url, 'headers' => $headers, 'body' => $body];
        if ($this->handler !== null) {
            return ($this->handler)($method, $url, $headers, $body);
        }
        if ($this->queue === []) {
            throw new TransportException('FakeTransport: no answer queued.');
        }
        $next = array_shift($this->queue);
        if ($next instanceof \Throwable) {
            throw $next;
        }
        return $next;
    }

    /**
     * @param int $status
     * @param mixed $json
     * @param array<string, string> $headers
     * @return Response
     */
    public static function json(int $status, $json, array $headers = []): Response
    {
        return new Response($status, $headers + ['Content-Type' => 'application/json'], (string) json_encode($json));
    }

    /**
     * The events of the i-th request body.
     *
     * @param int $i
     * @return array<int, array<string, mixed>>
     */
    public function events(int $i): array
    {
        $decoded = json_decode($this->requests[$i]['body'], true);
        return $decoded['events'];
    }
}
