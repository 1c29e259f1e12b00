<?php

declare(strict_types=1);

namespace Magento\Framework\Api;

/**
 * Stand-in of lib/internal/Magento/Framework/Api/SearchCriteriaInterface.php (marker only).
 */
interface SearchCriteriaInterface
{
}
