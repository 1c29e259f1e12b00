<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config\Backend;

use ExactSidecar\Connector\Model\Config\Validator;
use Magento\Framework\App\Config\Value;
use Magento\Framework\Exception\LocalizedException;

/**
 * Refuses a malformed sidecar URL on save (the admin keeps the form and sees why).
 */
class SidecarUrl extends Value
{
    /**
     * @return $this
     * @throws LocalizedException
     */
    public function beforeSave()
    {
        $value = rtrim(trim((string) $this->getValue()), '/');
        $problem = (new Validator())->sidecarUrlProblem($value);
        if ($problem !== null) {
            throw new LocalizedException(__($problem));
        }
        $this->setValue($value);
        return parent::beforeSave();
    }
}
