<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use Psr\Log\LoggerInterface;

/**
 * Keeps every log line as [level, message].
 */
class RecordingLogger implements LoggerInterface
{
    /** @var array<int, array{0: string, 1: string}> */
    public $records = [];

    /**
     * @param string $level
     * @return string[]
     */
    public function messages(string $level = ''): array
    {
        $out = [];
        foreach ($this->records as [$l, $m]) {
            if ($level === '' || $level === $l) {
                $out[] = $m;
            }
        }
        return $out;
    }

    /**
     * @inheritDoc
     */
    public function emergency($message, array $context = [])
    {
        $this->log('emergency', $message, $context);
    }

    /**
     * @inheritDoc
     */
    public function alert($message, array $context = [])
    {
        $this->log('alert', $message, $context);
    }

    /**
     * @inheritDoc
     */
    public function critical($message, array $context = [])
    {
        $this->log('critical', $message, $context);
    }

    /**
     * @inheritDoc
     */
    public function error($message, array $context = [])
    {
        $this->log('error', $message, $context);
    }

    /**
     * @inheritDoc
     */
    public function warning($message, array $context = [])
    {
        $this->log('warning', $message, $context);
    }

    /**
     * @inheritDoc
     */
    public function notice($message, array $context = [])
    {
        $this->log('notice', $message, $context);
    }

    /**
     * @inheritDoc
     */
    public function info($message, array $context = [])
    {
        $this->log('info', $message, $context);
    }

    /**
     * @inheritDoc
     */
    public function debug($message, array $context = [])
    {
        $this->log('debug', $message, $context);
    }

    /**
     * @inheritDoc
     */
    public function log($level, $message, array $context = [])
    {
        $this->records[] = [(string) $level, (string) $message];
    }
}
