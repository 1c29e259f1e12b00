<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use Magento\Framework\Message\ManagerInterface;

/**
 * Admin messages as [type, text].
 */
class RecordingMessages implements ManagerInterface
{
    /** @var array<int, array{0: string, 1: string}> */
    public $messages = [];

    /**
     * @inheritDoc
     */
    public function addSuccessMessage($message, $group = null)
    {
        $this->messages[] = ['success', (string) $message];
        return $this;
    }

    /**
     * @inheritDoc
     */
    public function addErrorMessage($message, $group = null)
    {
        $this->messages[] = ['error', (string) $message];
        return $this;
    }

    /**
     * @inheritDoc
     */
    public function addWarningMessage($message, $group = null)
    {
        $this->messages[] = ['warning', (string) $message];
        return $this;
    }
}
