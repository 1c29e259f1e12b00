<?php

declare(strict_types=1);

namespace Magento\Framework\Event;

/**
 * Stand-in of lib/internal/Magento/Framework/Event/ObserverInterface.php (no return type, as in core).
 */
interface ObserverInterface
{
    /**
     * @param Observer $observer
     * @return void
     */
    public function execute(Observer $observer);
}
