<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Admin;

/**
 * Outcome of an admin action against the sidecar, ready to show: ok, a sentence, data, field errors.
 */
class AdminResult
{
    /** @var bool */
    public $ok;

    /** @var string */
    public $message;

    /** @var array<string, mixed> */
    public $data;

    /** @var array<string, string[]> */
    public $fieldErrors;

    /**
     * @param bool $ok
     * @param string $message
     * @param array<string, mixed> $data
     * @param array<string, string[]> $fieldErrors
     */
    public function __construct(bool $ok, string $message, array $data = [], array $fieldErrors = [])
    {
        $this->ok = $ok;
        $this->message = $message;
        $this->data = $data;
        $this->fieldErrors = $fieldErrors;
    }

    /**
     * @return array<string, mixed>
     */
    public function toArray(): array
    {
        return [
            'ok' => $this->ok,
            'message' => $this->message,
            'data' => $this->data,
            'fields' => $this->fieldErrors,
        ];
    }
}
