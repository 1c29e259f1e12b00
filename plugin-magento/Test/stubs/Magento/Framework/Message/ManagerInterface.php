<?php

declare(strict_types=1);

namespace Magento\Framework\Message;

/**
 * Stand-in of lib/internal/Magento/Framework/Message/ManagerInterface.php (the add*Message methods used).
 */
interface ManagerInterface
{
    /**
     * @param string $message
     * @param string|null $group
     * @return ManagerInterface
     */
    public function addSuccessMessage($message, $group = null);

    /**
     * @param string $message
     * @param string|null $group
     * @return ManagerInterface
     */
    public function addErrorMessage($message, $group = null);

    /**
     * @param string $message
     * @param string|null $group
     * @return ManagerInterface
     */
    public function addWarningMessage($message, $group = null);
}
