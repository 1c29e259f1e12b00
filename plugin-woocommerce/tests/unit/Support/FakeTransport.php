<?php

namespace ExactSidecar\Tests\Support;

use ExactSidecar\Http\Response;
use ExactSidecar\Http\Transport;
use ExactSidecar\Http\TransportException;

/**
 * Records requests and answers them from a queue (a Response, or a TransportException to throw).
 */
final class FakeTransport implements Transport
{
    /** @var array<int,array{method:string,url:string,headers:array<string,string>,body:string}> */
    public $requests = [];
    /** @var array<int,Response|TransportException> */
    public $answers = [];

    /**
     * @param mixed $body
     * @param array<string,string> $headers
     */
    public function answer(int $status, $body, array $headers = []): self
    {
        $this->answers[] = new Response($status, $headers, is_string($body) ? $body : (string) json_encode($body));
        return $this;
    }

    public function fail(string $message): self
    {
        $this->answers[] = new TransportException($message);
        return $this;
    }

    public function send(string $method, string $url, array $headers, string $body): Response
    {
        $this->requests[] = ['method' => $method, 'url' => $url, 'headers' => $headers, 'body' => $body];
        if ($this->answers === []) {
            throw new \LogicException('Unexpected request ' . $method . ' ' . $url);
        }
        $answer = array_shift($this->answers);
        if ($answer instanceof TransportException) {
            throw $answer;
        }
        return $answer;
    }
}
