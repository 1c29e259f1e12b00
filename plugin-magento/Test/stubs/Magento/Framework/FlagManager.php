<?php

declare(strict_types=1);

namespace Magento\Framework;

/**
 * Stand-in of lib/internal/Magento/Framework/FlagManager.php (the three public methods; the real one keeps the
 * values in the `flag` table). Test/Support/MemoryFlagManager keeps them in memory.
 */
class FlagManager
{
    /**
     * @param string $code
     * @return mixed
     */
    public function getFlagData($code)
    {
        throw new \LogicException('stand-in: use Test/Support/MemoryFlagManager');
    }

    /**
     * @param string $code
     * @param mixed $value
     * @return bool
     */
    public function saveFlag($code, $value)
    {
        throw new \LogicException('stand-in: use Test/Support/MemoryFlagManager');
    }

    /**
     * @param string $code
     * @return bool
     */
    public function deleteFlag($code)
    {
        throw new \LogicException('stand-in: use Test/Support/MemoryFlagManager');
    }
}
