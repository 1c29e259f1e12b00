<?php

declare(strict_types=1);

namespace Magento\Framework\Exception;

/**
 * Stand-in of lib/internal/Magento/Framework/Exception/NoSuchEntityException.php.
 */
class NoSuchEntityException extends LocalizedException
{
}
