<?php

namespace ExactSidecar\Http;

/**
 * One HTTP answer from the sidecar. Header names are lower-cased.
 */
final class Response
{
    /** @var int */
    public $status;
    /** @var array<string,string> */
    public $headers;
    /** @var string */
    public $body;

    /**
     * @param array<string,string> $headers
     */
    public function __construct(int $status, array $headers, string $body)
    {
        $this->status = $status;
        $this->headers = array_change_key_case($headers, CASE_LOWER);
        $this->body = $body;
    }

    public function isSuccess(): bool
    {
        return $this->status >= 200 && $this->status < 300;
    }

    public function header(string $name): ?string
    {
        $name = strtolower($name);
        return isset($this->headers[$name]) ? (string) $this->headers[$name] : null;
    }

    /**
     * The decoded JSON body, or null when the body is empty or not JSON.
     *
     * @return mixed
     */
    public function json()
    {
        if ($this->body === '') {
            return null;
        }
        $decoded = json_decode($this->body, true);
        return json_last_error() === JSON_ERROR_NONE ? $decoded : null;
    }

    /**
     * The human sentence of a contract error body, or a generic sentence naming the status.
     */
    public function errorMessage(): string
    {
        $data = $this->json();
        if (is_array($data) && isset($data['error']['message']) && is_string($data['error']['message'])) {
            return $data['error']['message'];
        }
        return sprintf('The sidecar answered HTTP %d.', $this->status);
    }

    public function errorCode(): string
    {
        $data = $this->json();
        if (is_array($data) && isset($data['error']['code']) && is_string($data['error']['code'])) {
            return $data['error']['code'];
        }
        return 'http_' . $this->status;
    }

    /**
     * Field errors of a 400 answer: json.path => list of problems.
     *
     * @return array<string,string[]>
     */
    public function fieldErrors(): array
    {
        $data = $this->json();
        if (!is_array($data) || !isset($data['error']['fields']) || !is_array($data['error']['fields'])) {
            return [];
        }
        $out = [];
        foreach ($data['error']['fields'] as $path => $problems) {
            $out[(string) $path] = array_map('strval', is_array($problems) ? $problems : [$problems]);
        }
        return $out;
    }

    /**
     * Seconds from a Retry-After header (delta-seconds or an HTTP date), or null.
     */
    public function retryAfter(int $now): ?int
    {
        $value = $this->header('retry-after');
        if ($value === null || trim($value) === '') {
            return null;
        }
        $value = trim($value);
        if (ctype_digit($value)) {
            return (int) $value;
        }
        $when = strtotime($value);
        return $when === false ? null : max(0, $when - $now);
    }
}
