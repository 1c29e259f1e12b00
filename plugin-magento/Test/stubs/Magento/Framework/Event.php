<?php

declare(strict_types=1);

namespace Magento\Framework;

/**
 * Stand-in of lib/internal/Magento/Framework/Event.php: an event is a DataObject carrying its arguments.
 */
class Event extends DataObject
{
    /**
     * @return string|null
     */
    public function getName()
    {
        return $this->getData('name');
    }
}
