<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Block\Adminhtml\System\Config\Mapping;

use Magento\Framework\View\Element\Html\Select;

/**
 * A <select> cell of the dynamic-rows mapping table.
 */
class OptionsColumn extends Select
{
    /**
     * @param string $value
     * @return $this
     */
    public function setInputName($value)
    {
        return $this->setName($value);
    }

    /**
     * @param string $value
     * @return $this
     */
    public function setInputId($value)
    {
        return $this->setId($value);
    }
}
