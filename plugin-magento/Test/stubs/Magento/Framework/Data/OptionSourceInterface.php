<?php

declare(strict_types=1);

namespace Magento\Framework\Data;

/**
 * Stand-in of lib/internal/Magento/Framework/Data/OptionSourceInterface.php.
 */
interface OptionSourceInterface
{
    /**
     * @return array<int, mixed>
     */
    public function toOptionArray();
}
