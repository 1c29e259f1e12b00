<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Backend;

use ExactSidecar\Connector\Model\Config\Validator;
use Magento\Framework\App\Config\Value;
use Magento\Framework\Exception\LocalizedException;

/**
 * Refuses a malformed shop id on save.
 */
class ShopId extends Value
{
    /**
     * @return $this
     * @throws LocalizedException
     */
    public function beforeSave()
    {
        $value = trim((string) $this->getValue());
        $problem = (new Validator())->shopIdProblem($value);
        if ($problem !== null) {
            throw new LocalizedException(__($problem));
        }
        $this->setValue($value);
        return parent::beforeSave();
    }
}
