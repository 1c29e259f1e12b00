<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Http;

use ExactSidecar\Connector\Model\Json;

/**
 * One HTTP answer: status, lower-cased headers and raw body.
 */
class Response
{
    /** @var int */
    private $status;

    /** @var array<string, string> */
    private $headers;

    /** @var string */
    private $body;

    /**
     * @param int $status
     * @param array<string, string> $headers header names in any case
     * @param string $body
     */
    public function __construct(int $status, array $headers, string $body)
    {
        $this->status = $status;
        $this->headers = [];
        foreach ($headers as $name => $value) {
            $this->headers[strtolower((string) $name)] = (string) $value;
        }
        $this->body = $body;
    }

    /**
     * @return int
     */
    public function getStatus(): int
    {
        return $this->status;
    }

    /**
     * @param string $name
     * @return string|null
     */
    public function getHeader(string $name): ?string
    {
        return $this->headers[strtolower($name)] ?? null;
    }

    /**
     * @return string
     */
    public function getBody(): string
    {
        return $this->body;
    }

    /**
     * The decoded JSON body, or null when the body is not JSON.
     *
     * @return mixed
     */
    public function getJson()
    {
        return Json::decodeOrNull($this->body);
    }

    /**
     * @return bool
     */
    public function isSuccess(): bool
    {
        return $this->status >= 200 && $this->status < 300;
    }

    /**
     * Seconds from a Retry-After header given in seconds (HTTP dates are ignored), or null.
     *
     * @return int|null
     */
    public function getRetryAfter(): ?int
    {
        $value = $this->getHeader('retry-after');
        if ($value === null || !preg_match('/^\s*(\d{1,9})\s*$/', $value, $m)) {
            return null;
        }
        return (int) $m[1];
    }

    /**
     * A short human description of an error answer, from the contract's error document when present.
     *
     * @return string
     */
    public function describeError(): string
    {
        $json = $this->getJson();
        if (is_array($json) && isset($json['error']) && is_array($json['error'])) {
            $code = (string) ($json['error']['code'] ?? 'error');
            $message = (string) ($json['error']['message'] ?? '');
            return 'HTTP ' . $this->status . ' ' . $code . ($message !== '' ? ': ' . $message : '');
        }
        $snippet = trim(preg_replace('/\s+/', ' ', substr($this->body, 0, 200)) ?? '');
        return 'HTTP ' . $this->status . ($snippet !== '' ? ': ' . $snippet : '');
    }
}
