<?php

declare(strict_types=1);

namespace Magento\Framework\Exception;

/**
 * Stand-in of lib/internal/Magento/Framework/Exception/InputException.php (answered as HTTP 400 by webapi).
 */
class InputException extends LocalizedException
{
}
