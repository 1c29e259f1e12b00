<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use Magento\Framework\FlagManager;

/**
 * FlagManager over an array.
 */
class MemoryFlagManager extends FlagManager
{
    /** @var array<string, mixed> */
    public $flags = [];

    /**
     * @inheritDoc
     */
    public function getFlagData($code)
    {
        return $this->flags[$code] ?? null;
    }

    /**
     * @inheritDoc
     */
    public function saveFlag($code, $value)
    {
        $this->flags[$code] = $value;
        return true;
    }

    /**
     * @inheritDoc
     */
    public function deleteFlag($code)
    {
        unset($this->flags[$code]);
        return true;
    }
}
