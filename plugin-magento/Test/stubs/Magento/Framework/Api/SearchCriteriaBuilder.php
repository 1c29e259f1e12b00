<?php

declare(strict_types=1);

namespace Magento\Framework\Api;

/**
 * Stand-in of lib/internal/Magento/Framework/Api/SearchCriteriaBuilder.php (create only).
 */
class SearchCriteriaBuilder
{
    /**
     * @return SearchCriteriaInterface
     */
    public function create()
    {
        return new class implements SearchCriteriaInterface {
        };
    }
}
