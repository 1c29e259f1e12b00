<?php

declare(strict_types=1);

namespace Magento\Framework\Encryption;

/**
 * Stand-in of lib/internal/Magento/Framework/Encryption/EncryptorInterface.php (encrypt/decrypt only).
 */
interface EncryptorInterface
{
    /**
     * @param string $data
     * @return string
     */
    public function encrypt($data);

    /**
     * @param string $data
     * @return string
     */
    public function decrypt($data);
}
