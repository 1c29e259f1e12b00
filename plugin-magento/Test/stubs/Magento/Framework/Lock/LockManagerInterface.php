<?php

declare(strict_types=1);

namespace Magento\Framework\Lock;

/**
 * Stand-in of lib/internal/Magento/Framework/Lock/LockManagerInterface.php.
 */
interface LockManagerInterface
{
    /**
     * @param string $name
     * @param int $timeout
     * @return bool
     */
    public function lock(string $name, int $timeout = -1): bool;

    /**
     * @param string $name
     * @return bool
     */
    public function unlock(string $name): bool;

    /**
     * @param string $name
     * @return bool
     */
    public function isLocked(string $name): bool;
}
