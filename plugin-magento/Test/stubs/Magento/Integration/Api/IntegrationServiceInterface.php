<?php

declare(strict_types=1);

namespace Magento\Integration\Api;

/**
 * Stand-in of app/code/Magento/Integration/Api/IntegrationServiceInterface.php (findByName).
 */
interface IntegrationServiceInterface
{
    /**
     * @param string $name
     * @return \Magento\Integration\Model\Integration
     */
    public function findByName($name);
}
