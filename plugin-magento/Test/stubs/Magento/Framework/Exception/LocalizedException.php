<?php

declare(strict_types=1);

namespace Magento\Framework\Exception;

use Magento\Framework\Phrase;

/**
 * Stand-in of lib/internal/Magento/Framework/Exception/LocalizedException.php.
 */
class LocalizedException extends \Exception
{
    /** @var Phrase */
    protected $phrase;

    /**
     * @param Phrase $phrase
     * @param \Exception|null $cause
     * @param int $code
     */
    public function __construct(Phrase $phrase, ?\Exception $cause = null, $code = 0)
    {
        $this->phrase = $phrase;
        parent::__construct($phrase->render(), (int) $code, $cause);
    }
}
