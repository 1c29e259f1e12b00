<?php

declare(strict_types=1);

namespace Magento\Framework\Event;

use Magento\Framework\DataObject;
use Magento\Framework\Event;

/**
 * Stand-in of lib/internal/Magento/Framework/Event/Observer.php.
 */
class Observer extends DataObject
{
    /**
     * @return Event
     */
    public function getEvent()
    {
        return $this->getData('event');
    }
}
